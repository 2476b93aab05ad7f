package dcfs.shardcodec;

import static dcfs.shardcodec.StripeFixture.KEYS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The stripe path for random shapes: k, m, stripe lengths (0 to a few segments per shard) and
 * segment sizes; any single damaged byte, any truncation, any shard from elsewhere is an erasure
 * and the stripe still decodes. Small sizes keep each property well under a second or two.
 */
class StripeCodecProperties {
    private final StripeDecoder decoder = new StripeDecoder();

    @Provide
    Arbitrary<CodecParams> params() {
        return Arbitraries.integers().between(1, 10).flatMap(k -> Arbitraries.integers().between(1, 4)
                .flatMap(m -> Arbitraries.of(1024, 1500, 2048, 4096).map(s -> new CodecParams(k, m, s))));
    }

    @Property(tries = 100)
    void recycledArraysSealTheSameBytesAsFreshOnes(@ForAll("params") CodecParams p,
                                                   @ForAll @IntRange(max = 40_000) int len, @ForAll long seed) {
        byte[] data = StripeFixture.stripe(len, seed);
        StripeAddress address = StripeFixture.address(seed & 0xffff, 1);
        byte[] blob = new byte[(int) (seed & 31)];
        byte[][] fresh = new StripeEncoder(new SeededRandom(seed)).encode(KEYS, address, p, blob, data, 0, len);
        Random junk = new Random(~seed);
        List<byte[]> given = new ArrayList<>();
        byte[][] recycled = new StripeEncoder(new SeededRandom(seed)).encode(KEYS, address, p, blob, data, 0, len,
                n -> {
                    byte[] b = new byte[n];
                    junk.nextBytes(b); // whatever a previous stripe left in it
                    given.add(b);
                    return b;
                });
        assertEquals(p.totalShards(), given.size());
        for (int i = 0; i < fresh.length; i++) {
            assertSame(given.get(i), recycled[i], "shard " + i + " sealed into the array given");
            assertArrayEquals(fresh[i], recycled[i], "shard " + i);
        }
    }

    @Property(tries = 150)
    void roundTripFromAnyKShardsInAnyOrder(@ForAll("params") CodecParams p, @ForAll @IntRange(max = 40_000) int len,
                                           @ForAll long seed) throws Exception {
        byte[] data = StripeFixture.stripe(len, seed);
        StripeAddress address = StripeFixture.address(seed & 0xffff, 1);
        byte[][] shards = new StripeEncoder(new SeededRandom(seed)).encode(KEYS, address, p, new byte[(int) (seed & 31)],
                data);
        assertEquals(p.totalShards(), shards.length);
        assertArrayEquals(data, decoder.decode(KEYS, address, shards).data());

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < shards.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        // The stripe buffer and the decoder's shard scratch are recycled ones, full of another
        // stripe's bytes.
        JunkLender scratch = new JunkLender(seed);
        StripeAssembly assembly = new StripeAssembly(address, n -> {
            byte[] used = new byte[n];
            new Random(~seed).nextBytes(used);
            return used;
        }, scratch);
        int offered = 0;
        for (int i : order) {
            offered++;
            // Half the runs through authenticateInto (data straight into the stripe), half not.
            boolean ready = (seed & 1) == 0 ? assembly.add(decoder.authenticate(KEYS, address, i, shards[i]))
                    : decoder.authenticateInto(assembly, KEYS, i, shards[i]) != null && assembly.ready();
            if (ready) {
                break;
            }
        }
        assertEquals(p.k(), offered);
        assertArrayEquals(data, assembly.finish().data());
        assertEquals(0, scratch.outstanding(), "every shard-sized array lent came back");
    }

    /** Lends arrays full of junk and counts those not handed back. */
    private static final class JunkLender implements ArrayLender {
        private final Random junk;
        private final java.util.Set<byte[]> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        JunkLender(long seed) {
            junk = new Random(seed * 31);
        }

        @Override
        public byte[] apply(int n) {
            byte[] b = new byte[n];
            junk.nextBytes(b);
            out.add(b);
            return b;
        }

        @Override
        public void giveBack(byte[]... arrays) {
            for (byte[] a : arrays) {
                if (a != null) {
                    out.remove(a);
                }
            }
        }

        int outstanding() {
            return out.size();
        }
    }

    @Property(tries = 300)
    void anySingleByteChangeRejectsThatShardOnly(@ForAll("params") CodecParams p,
                                                 @ForAll @IntRange(max = 12_000) int len,
                                                 @ForAll @IntRange(min = 1, max = 255) int xor, @ForAll long seed)
            throws Exception {
        byte[] data = StripeFixture.stripe(len, seed);
        StripeAddress address = StripeFixture.address();
        byte[][] shards = new StripeEncoder(new SeededRandom(seed)).encode(KEYS, address, p, StripeFixture.BLOB, data);
        Random r = new Random(seed);
        int victim = r.nextInt(shards.length);
        int at = r.nextInt(shards[victim].length);
        shards[victim][at] ^= (byte) xor;

        assertInstanceOf(RejectedShard.class, decoder.authenticate(KEYS, address, victim, shards[victim]),
                "byte " + at + " of shard " + victim);
        DecodedStripe d = decoder.decode(KEYS, address, shards);
        assertArrayEquals(data, d.data());
        assertEquals(List.of(victim), d.rejected().stream().map(RejectedShard::index).toList());
    }

    @Property(tries = 200)
    void anyTruncationOrExtensionIsRejected(@ForAll("params") CodecParams p, @ForAll @IntRange(max = 12_000) int len,
                                            @ForAll long seed) throws Exception {
        byte[] data = StripeFixture.stripe(len, seed);
        StripeAddress address = StripeFixture.address();
        byte[][] shards = new StripeEncoder(new SeededRandom(seed)).encode(KEYS, address, p, new byte[0], data);
        Random r = new Random(seed);
        int victim = r.nextInt(shards.length);
        int newLength = r.nextBoolean() ? r.nextInt(shards[victim].length) : shards[victim].length + 1 + r.nextInt(64);
        shards[victim] = Arrays.copyOf(shards[victim], newLength);

        assertInstanceOf(RejectedShard.class, decoder.authenticate(KEYS, address, victim, shards[victim]));
        assertArrayEquals(data, decoder.decode(KEYS, address, shards).data());
    }

    @Property(tries = 100)
    void shardsFromAnotherStripeFileGenerationOrIndexAreRejected(@ForAll("params") CodecParams p,
                                                                @ForAll @IntRange(min = 1, max = 8_000) int len,
                                                                @ForAll @IntRange(max = 4) int what,
                                                                @ForAll long seed) throws Exception {
        byte[] data = StripeFixture.stripe(len, seed);
        StripeAddress address = StripeFixture.address(5, 5);
        StripeEncoder encoder = new StripeEncoder(new SeededRandom(seed));
        byte[][] shards = encoder.encode(KEYS, address, p, new byte[0], data);
        StripeKeys foreignKeys = what == 2 ? StripeFixture.OTHER_FILE_KEYS : KEYS;
        StripeAddress foreignAddress = switch (what) {
            case 0 -> StripeFixture.address(6, 5);
            case 1 -> StripeFixture.address(5, 6);
            case 2 -> StripeAddress.derive(StripeFixture.TAG_KEY, StripeFixture.OTHER_FILE_ID, 5, 5, 1);
            default -> address;
        };
        // Same data everywhere, so only the checks (not the bytes) can tell the shards apart.
        byte[][] foreign = encoder.encode(foreignKeys, foreignAddress, p, new byte[0], data);
        Random r = new Random(seed);
        int victim = r.nextInt(shards.length);
        int source = victim;
        if (what >= 3) {
            source = (victim + 1 + r.nextInt(shards.length - 1)) % shards.length; // another index of this stripe
        }
        shards[victim] = foreign[source];

        RejectedShard rejected = assertInstanceOf(RejectedShard.class,
                decoder.authenticate(KEYS, address, victim, shards[victim]));
        assertInstanceOf(Rejection.WrongAddress.class, rejected.reason());
        assertArrayEquals(data, decoder.decode(KEYS, address, shards).data());
    }

    @Property(tries = 100)
    void upToMBadShardsDecodeAndMoreDoNot(@ForAll("params") CodecParams p, @ForAll @IntRange(max = 10_000) int len,
                                          @ForAll long seed) throws Exception {
        byte[] data = StripeFixture.stripe(len, seed);
        StripeAddress address = StripeFixture.address();
        byte[][] shards = new StripeEncoder(new SeededRandom(seed)).encode(KEYS, address, p, new byte[0], data);
        Random r = new Random(seed);
        List<Integer> victims = new ArrayList<>();
        for (int i = 0; i < shards.length; i++) {
            victims.add(i);
        }
        Collections.shuffle(victims, r);
        for (int v : victims.subList(0, p.m())) {
            damage(shards, v, r);
        }
        assertArrayEquals(data, decoder.decode(KEYS, address, shards).data());

        damage(shards, victims.get(p.m()), r);
        StripeUndecodableException e = assertThrows(StripeUndecodableException.class,
                () -> decoder.decode(KEYS, address, shards));
        assertEquals(p.k() - 1, e.authentic());
        assertEquals(p.m() + 1, e.rejected().size() + e.missing().size());
    }

    @Property(tries = 200)
    void rangeReadsEqualTheSliceDespiteErasures(@ForAll("params") CodecParams p,
                                                @ForAll @IntRange(min = 1, max = 20_000) int len,
                                                @ForAll long seed) throws Exception {
        byte[] data = StripeFixture.stripe(len, seed);
        StripeAddress address = StripeFixture.address();
        byte[][] shards = new StripeEncoder(new SeededRandom(seed)).encode(KEYS, address, p, new byte[3], data);
        Random r = new Random(seed);
        int erasures = r.nextInt(p.m() + 1);
        for (int i = 0; i < erasures; i++) {
            damage(shards, r.nextInt(shards.length), r);
        }
        int offset = r.nextInt(len);
        int length = r.nextInt(len - offset + 1);
        RangeRead read = decoder.readRange(KEYS, address, shards, offset, length);
        assertArrayEquals(Arrays.copyOfRange(data, offset, offset + length), read.data());
        assertTrue(read.rejected().size() <= erasures);
    }

    /** Drops the shard, truncates it, or changes a byte of it. */
    private static void damage(byte[][] shards, int v, Random r) {
        if (shards[v] == null) {
            return;
        }
        switch (r.nextInt(3)) {
            case 0 -> shards[v] = null;
            case 1 -> shards[v] = Arrays.copyOf(shards[v], r.nextInt(shards[v].length));
            default -> shards[v][r.nextInt(shards[v].length)] ^= (byte) (1 + r.nextInt(255));
        }
    }
}
