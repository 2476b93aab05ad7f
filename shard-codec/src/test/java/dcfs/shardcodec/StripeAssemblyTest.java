package dcfs.shardcodec;

import static dcfs.shardcodec.StripeFixture.BLOB;
import static dcfs.shardcodec.StripeFixture.KEYS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read path: shards authenticated into an assembly as they arrive, on one thread or many. */
class StripeAssemblyTest {
    private static final StripeAddress ADDRESS = StripeFixture.address();
    private final StripeDecoder decoder = new StripeDecoder();

    @Test
    void dataShardsGoStraightIntoTheStripe() throws Exception {
        // 10 001 bytes at k=4: N = 2501, the last data shard holds 2498 bytes and 3 of padding.
        byte[] data = StripeFixture.stripe(10_001, 5);
        byte[][] shards = new StripeEncoder(new SeededRandom(5)).encode(KEYS, ADDRESS, new CodecParams(4, 2, 1024),
                BLOB, data);
        StripeAssembly a = new StripeAssembly(ADDRESS);
        for (int i : new int[] {3, 1, 0}) {
            assertFalse(decoder.authenticateInto(a, KEYS, i, shards[i]) instanceof RejectedShard);
            assertFalse(a.ready());
        }
        assertInstanceOf(OpenedShard.class, decoder.authenticateInto(a, KEYS, 2, shards[2]));
        assertTrue(a.ready());
        DecodedStripe d = a.finish();
        assertArrayEquals(data, d.data());
        assertSame(d, a.finish());
        // A late shard changes nothing, and cannot write into the buffer already handed out.
        byte[] snapshot = d.data().clone();
        decoder.authenticateInto(a, KEYS, 4, shards[4]);
        assertArrayEquals(snapshot, a.finish().data());
    }

    @Test
    void aDamagedDataShardIsRebuiltFromParity() throws Exception {
        byte[] data = StripeFixture.stripe(9_000, 6);
        byte[][] shards = new StripeEncoder(new SeededRandom(6)).encode(KEYS, ADDRESS, new CodecParams(4, 2, 1024),
                BLOB, data);
        shards[1][shards[1].length - 20] ^= 4; // last segment of data shard 1
        StripeAssembly a = new StripeAssembly(ADDRESS);
        for (int i = 0; i < 6 && !a.ready(); i++) {
            decoder.authenticateInto(a, KEYS, i, shards[i]);
        }
        DecodedStripe d = a.finish();
        assertArrayEquals(data, d.data());
        assertEquals(List.of(0, 2, 3, 4), d.accepted());
        assertInstanceOf(Rejection.SegmentNotAuthentic.class, d.rejected().getFirst().reason());
    }

    @Test
    void verdictsFromAnotherAssemblyAreRefused() {
        byte[][] shards = new StripeEncoder(new SeededRandom(7)).encode(KEYS, ADDRESS, new CodecParams(4, 2, 1024),
                BLOB, new byte[5000]);
        StripeAssembly a = new StripeAssembly(ADDRESS);
        ShardVerdict inA = decoder.authenticateInto(a, KEYS, 0, shards[0]);
        assertThrows(IllegalArgumentException.class, () -> new StripeAssembly(ADDRESS).add(inA));
    }

    /**
     * Many threads offering good and damaged replicas of the same indices, as two replica groups
     * answering at once would: every run decodes the stripe exactly.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentReplicasNeverCorruptTheStripe() throws Exception {
        byte[] data = StripeFixture.stripe(20_000, 8);
        CodecParams p = new CodecParams(4, 2, 1024);
        byte[][] good = new StripeEncoder(new SeededRandom(8)).encode(KEYS, ADDRESS, p, BLOB, data);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Random r = new Random(8);
            for (int run = 0; run < 200; run++) {
                List<Runnable> offers = new ArrayList<>();
                StripeAssembly a = new StripeAssembly(ADDRESS);
                for (int i = 0; i < good.length; i++) {
                    int index = i;
                    byte[] bad = good[i].clone();
                    bad[bad.length - 1 - r.nextInt(bad.length / 2)] ^= 1;
                    offers.add(() -> new StripeDecoder().authenticateInto(a, KEYS, index, bad));
                    offers.add(() -> new StripeDecoder().authenticateInto(a, KEYS, index, good[index]));
                }
                Collections.shuffle(offers, r);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (Runnable o : offers) {
                    done.add(pool.submit(() -> {
                        start.await();
                        o.run();
                        return null;
                    }));
                }
                start.countDown();
                // Finish as soon as it is ready, while other offers may still be running.
                while (!a.ready()) {
                    Thread.onSpinWait();
                }
                assertArrayEquals(data, a.finish().data(), "run " + run);
                for (Future<?> f : done) {
                    f.get();
                }
                assertArrayEquals(data, a.finish().data(), "run " + run + " after all offers");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
