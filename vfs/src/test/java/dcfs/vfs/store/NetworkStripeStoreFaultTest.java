package dcfs.vfs.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.node.NodeServer;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.store.ShardStore;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.shardcodec.ShardIds;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Faults the network store must ride out: m nodes gone, and damaged shards on the nodes. */
class NetworkStripeStoreFaultTest {
    private static final Shape SHAPE = new Shape(4, 2, 2);
    private Path dir;
    private EmbeddedCluster cluster;
    private ReplicaClient client;
    private KeyTree keys;
    private NetworkStripeStore store;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("dcfs-netstore-faults");
        cluster = EmbeddedCluster.start(dir, 6);
        client = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(cluster.clientIdentity()),
                cluster.endpoints()).withRequestTimeout(Duration.ofSeconds(3)), Duration.ofSeconds(20));
        client.awaitMembers(6, Duration.ofSeconds(20));
        byte[] seed = new byte[64];
        new SecureRandom().nextBytes(seed);
        keys = KeyTree.fromSeed(seed);
        store = new NetworkStripeStore(client, keys, SHAPE, 64 * 1024, 0, 30_000);
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        client.close();
        cluster.close();
        keys.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void everyStripeSurvivesTheLossOfAnyTwoNodes() throws Exception {
        List<byte[]> written = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            byte[] d = data(100_000 + s * 997, s);
            store.put(new StripeKey(new FileId(1, 2), s, 1), d, 0, d.length);
            written.add(d);
        }
        List<NodeServer> nodes = cluster.nodes();
        // Two nodes of different groups and, separately, of the same group are covered by taking
        // the first two: with six nodes in two groups of three, rendezvous spreads stripes over both.
        nodes.get(0).close();
        nodes.get(3).close();
        for (int s = 0; s < written.size(); s++) {
            assertArrayEquals(written.get(s), store.get(new StripeKey(new FileId(1, 2), s, 1)), "stripe " + s);
            byte[] w = written.get(s);
            assertArrayEquals(Arrays.copyOfRange(w, w.length - 5000, w.length),
                    store.getPart(new StripeKey(new FileId(1, 2), s, 1), w.length, w.length - 5000, 8192),
                    "range of stripe " + s);
        }
    }

    @Test
    void damagedShardsAreRejectedAndDecodedAround() throws Exception {
        byte[] d = data(300_000, 99);
        StripeKey key = new StripeKey(new FileId(3, 4), 0, 1);
        store.put(key, d, 0, d.length);
        store.awaitCopies(); // the second copies too, not only the durable first ones
        byte[] tagKey = keys.shardTagKey().getEncoded();
        // Flip a byte of data shard 0 and data shard 1 on every node that holds a copy.
        int damaged = 0;
        for (int index : new int[] {0, 1}) {
            ShardId id = new ShardId(ShardIds.shardId(tagKey, key.fileId().bytes(), 0, 1, index));
            for (NodeServer n : cluster.nodes()) {
                ShardStore s = n.store();
                if (s.length(id) < 0) {
                    continue;
                }
                ShardStore.Slice slice = s.read(id, 0, -1, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
                byte[] bytes = new byte[slice.data().readableBytes()];
                slice.data().readBytes(bytes);
                slice.data().release();
                bytes[bytes.length / 2] ^= 0x20;
                s.delete(id, keys.deletionToken(id.bytes())).get(10, TimeUnit.SECONDS);
                s.put(id, ShardStore.sha256(keys.deletionToken(id.bytes())), Unpooled.wrappedBuffer(bytes))
                        .get(10, TimeUnit.SECONDS);
                damaged++;
            }
        }
        assertEquals(4, damaged, "two copies each of two shards");
        // A range inside a damaged data shard: its segment fails, the whole-stripe read decodes around it.
        int shard = (d.length + 3) / 4;
        assertArrayEquals(Arrays.copyOfRange(d, shard / 2 - 100, shard / 2 + 100),
                store.getPart(key, d.length, shard / 2 - 100, 200));
        assertEquals(1, store.partFallbacks.get());
        assertArrayEquals(d, store.get(key), "decoded from the parity shards");
    }

    @Test
    void writesStayDurableWithANodeDown() throws Exception {
        cluster.nodes().get(2).close();
        byte[] d = data(1 << 20, 5);
        StripeKey key = new StripeKey(new FileId(5, 6), 0, 1);
        store.put(key, d, 0, d.length);
        assertArrayEquals(d, store.get(key));
        assertTrue(store.capacity().totalBytes() > 0);
    }
}
