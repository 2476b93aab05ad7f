package dcfs.vfs.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.transport.TransportSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The network store against six real TLS nodes inside this JVM: the whole store contract, plus
 * what only the network can do wrong — nodes that vanish, and shards that come back damaged.
 */
class NetworkStripeStoreTest extends StripeStoreContract {
    private static Path dir;
    private static EmbeddedCluster cluster;
    private static ReplicaClient client;
    /** One key tree per test: the nodes outlive the tests, and each test's keys name its own shards. */
    private KeyTree keys;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("dcfs-netstore");
        cluster = EmbeddedCluster.start(dir, 6);
        client = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(cluster.clientIdentity()),
                cluster.endpoints()), Duration.ofSeconds(20));
        client.awaitMembers(6, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        client.close();
        cluster.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    protected StripeStore newStore() {
        byte[] seed = new byte[64];
        new java.security.SecureRandom().nextBytes(seed);
        keys = KeyTree.fromSeed(seed);
        return new NetworkStripeStore(client, keys, new Shape(4, 2, 2), 64 * 1024, 0, 20_000);
    }

    @org.junit.jupiter.api.AfterEach
    void closeKeys() {
        keys.close();
    }

    @Override
    @Test
    @Disabled("shards are immutable on the nodes: a key is never stored twice with other bytes (vfs "
            + "writes a new generation instead), and a second put of the same key keeps the first; "
            + "retryWithTheSameBytesIsIdempotent covers what vfs relies on")
    void rePutReplaces() {
    }

    @Test
    void retryWithTheSameBytesIsIdempotent() throws Exception {
        byte[] a = bytes(200_000);
        store.put(key(40, 1), a, 0, a.length);
        store.put(key(40, 1), a, 0, a.length);
        assertArrayEquals(a, store.get(key(40, 1)));
    }

    @Test
    void aDifferentMnemonicCannotReadTheStripes() throws Exception {
        byte[] a = bytes(10_000);
        store.put(key(41, 1), a, 0, a.length);
        byte[] otherSeed = new byte[64];
        Arrays.fill(otherSeed, (byte) 9);
        try (KeyTree other = KeyTree.fromSeed(otherSeed);
             NetworkStripeStore stranger = new NetworkStripeStore(client, other, new Shape(4, 2, 2), 65536, 0, 20_000)) {
            // Another key tree names other shard ids: nothing of ours is even found.
            assertThrows(StripeNotFoundException.class, () -> stranger.get(key(41, 1)));
        }
    }

    @Test
    void capacityComesFromTheNodes() throws Exception {
        StoreCapacity c = store.capacity();
        assertTrue(c.totalBytes() > 0 && c.freeBytes() <= c.totalBytes(), c.toString());
    }

    @Test
    void rangeReadsFetchSingleSegmentsAndMatchTheStripe() throws Exception {
        NetworkStripeStore store = (NetworkStripeStore) newStore();
        java.util.Random random = new java.util.Random(11);
        int[] sizes = {1 << 20, 300_000, 70_001, 5};
        for (int s = 0; s < sizes.length; s++) {
            byte[] data = new byte[sizes[s]];
            random.nextBytes(data);
            StripeKey key = new StripeKey(new FileId(9, 9), s, 1);
            store.put(key, data, 0, data.length);
            int n = (data.length + 3) / 4; // shard length at k = 4
            int[][] ranges = {{0, 4096}, {n - 100, 200}, {65_536 - 10, 20}, {data.length - 1, 10},
                {random.nextInt(data.length), 4096}, {random.nextInt(data.length), 131_072}, {0, data.length}};
            for (int[] r : ranges) {
                int off = Math.max(0, Math.min(r[0], data.length - 1));
                byte[] expected = Arrays.copyOfRange(data, off, Math.min(data.length, off + r[1]));
                assertArrayEquals(expected, store.getPart(key, data.length, off, r[1]), "size " + data.length
                        + " range " + off + "+" + r[1]);
            }
            // A wrong belief about the stripe's length is slower, never wrong.
            assertArrayEquals(Arrays.copyOfRange(data, 0, Math.min(10, data.length)),
                    store.getPart(key, data.length + 4096, 0, 10));
        }
        assertTrue(store.partReads.get() >= 4 * 7, "range reads served from single shards: " + store.partReads.get());
        assertTrue(store.partFallbacks.get() >= 1, "the wrong length fell back to the whole stripe");
    }

    @Test
    void rangeReadsReuseShardHeadersAndForgetAForgedOne() throws Exception {
        NetworkStripeStore store = (NetworkStripeStore) newStore();
        byte[] data = new byte[1 << 20];
        new java.util.Random(5).nextBytes(data);
        StripeKey key = new StripeKey(new FileId(9, 10), 0, 1);
        store.put(key, data, 0, data.length);
        assertArrayEquals(Arrays.copyOfRange(data, 100, 4196), store.getPart(key, data.length, 100, 4096));
        dcfs.replicanet.ShardId first = store.shardIds(key).get(0);
        byte[] header = store.headers.peek(first);
        assertTrue(header != null, "the first range read kept shard 0's header");
        // A second read of the shard uses the kept header, and still authenticates.
        assertArrayEquals(Arrays.copyOfRange(data, 20_000, 24_096), store.getPart(key, data.length, 20_000, 4096));
        long fallbacks = store.partFallbacks.get();

        // A forged header (one byte of it changed) never authenticates a segment: the read falls
        // back to the whole stripe, returns the right bytes, and forgets the forgery.
        byte[] forged = header.clone();
        forged[forged.length / 2] ^= 1;
        store.headers.put(first, forged);
        assertArrayEquals(Arrays.copyOfRange(data, 100, 4196), store.getPart(key, data.length, 100, 4096));
        assertEquals(fallbacks + 1, store.partFallbacks.get(), "the forged header made the range read fall back");
        assertTrue(store.headers.peek(first) != forged, "the forged header is forgotten");
        assertArrayEquals(Arrays.copyOfRange(data, 100, 4196), store.getPart(key, data.length, 100, 4096));
        assertArrayEquals(header, store.headers.peek(first), "the next read kept the true header again");
    }

    @Test
    void stripesSealIntoTheArraysOfStripesAlreadyStored() throws Exception {
        NetworkStripeStore store = (NetworkStripeStore) newStore();
        java.util.Random random = new java.util.Random(12);
        long recycledBefore = store.shardArrays.counts()[0];
        byte[][] written = new byte[12][];
        for (int s = 0; s < written.length; s++) {
            written[s] = new byte[1 << 20];
            random.nextBytes(written[s]);
            store.put(new StripeKey(new FileId(10, 10), s, 1), written[s], 0, written[s].length);
            store.awaitCopies(); // every copy stored: this stripe's arrays are back before the next seals
        }
        long recycled = store.shardArrays.counts()[0] - recycledBefore;
        assertTrue(recycled >= 6 * (written.length - 2), "recycled " + recycled);
        // Recycled arrays held the previous stripe's shards: every stripe still reads back as written,
        // and reads take the arrays that reads and writes gave back.
        for (int s = 0; s < written.length; s++) {
            assertArrayEquals(written[s], store.get(new StripeKey(new FileId(10, 10), s, 1)), "stripe " + s);
        }
        assertTrue(store.shardArrays.counts()[0] - recycledBefore >= recycled + 4 * (written.length - 1),
                "reads recycled too: " + (store.shardArrays.counts()[0] - recycledBefore - recycled));
    }
}
