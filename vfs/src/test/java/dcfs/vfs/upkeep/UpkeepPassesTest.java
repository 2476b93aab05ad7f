package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.KeyTree;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.proofs.reputation.EjectionPolicy;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.node.NodeServer;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.store.ShardStore;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.transport.NodeUnavailableException;
import dcfs.replicanet.transport.Transport;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.wire.Message;
import dcfs.vfs.VfsFixture;
import dcfs.vfs.store.NetworkStripeStore;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upkeep passes over a real filesystem (vfs over the network store) on six TLS nodes in this
 * JVM: a node that loses its shards and another whose shards rot are found by the presence check
 * and the scrub, named by node, and mended by repair until a scrub finds every stripe whole; a
 * node that lost its shards fails its audits, is ejected (revoked, refused by its peers), and the
 * files stay readable and are repaired onto the others.
 */
class UpkeepPassesTest {
    private static final Shape SHAPE = new Shape(4, 2, 2);
    private Path dir;
    private EmbeddedCluster cluster;
    private ReplicaClient client;
    private KeyTree keys;
    private NetworkStripeStore store;
    private ShardRoots roots;
    private RootKeeper keeper;
    private VfsFixture fs;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("dcfs-upkeep");
        cluster = EmbeddedCluster.start(dir.resolve("cluster"), 6);
        client = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(cluster.clientIdentity()),
                cluster.endpoints()).withRequestTimeout(Duration.ofSeconds(3)), Duration.ofSeconds(20));
        client.awaitMembers(6, Duration.ofSeconds(20));
        byte[] seed = new byte[64];
        new SecureRandom().nextBytes(seed);
        keys = KeyTree.fromSeed(seed);
        store = new NetworkStripeStore(client, keys, SHAPE, 16 * 1024, 0, 30_000);
        roots = ShardRoots.open(dir.resolve("upkeep").resolve("roots"));
        keeper = new RootKeeper(roots);
        store.setShardListener(keeper);
        fs = new VfsFixture(dir, store, VfsFixture.smallConfig());
        Random r = new Random(11);
        for (int f = 0; f < 6; f++) {
            byte[] d = new byte[150_000 + 7_919 * f]; // three stripes of 64 KiB each
            r.nextBytes(d);
            fs.write("/f" + f, d);
            files.put("/f" + f, d);
        }
        fs.vfs.syncAll();
        keeper.close(); // every root recorded before the passes look
        keeper = new RootKeeper(roots);
        store.setShardListener(keeper);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            fs.close();
        } finally {
            keeper.close();
            roots.close();
            store.close();
            client.close();
            cluster.close();
            keys.close();
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private StripePass pass() {
        return new StripePass(fs.meta, store, roots, 5_000, 2);
    }

    private void assertFilesReadable() throws Exception {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            assertArrayEquals(e.getValue(), fs.read(e.getKey()), e.getKey());
        }
    }

    /** Every shard id on a node's store. */
    private static List<ShardId> shardsOn(NodeServer n) {
        List<ShardId> out = new ArrayList<>();
        ShardId after = null;
        while (true) {
            Message.ShardList page = n.store().list(0, after, 1000);
            page.shards().forEach(s -> out.add(s.id()));
            if (!page.more() || page.shards().isEmpty()) {
                return out;
            }
            after = page.shards().get(page.shards().size() - 1).id();
        }
    }

    private int wipe(NodeServer n) throws Exception {
        List<ShardId> ids = shardsOn(n);
        for (ShardId id : ids) {
            n.store().delete(id, keys.deletionToken(id.bytes())).get(10, TimeUnit.SECONDS);
        }
        return ids.size();
    }

    private void rot(NodeServer n, ShardId id) throws Exception {
        ShardStore.Slice s = n.store().read(id, 0, -1, UnpooledByteBufAllocator.DEFAULT);
        byte[] bytes = new byte[s.data().readableBytes()];
        s.data().readBytes(bytes);
        s.data().release();
        bytes[bytes.length - 100] ^= 0x40;
        byte[] token = keys.deletionToken(id.bytes());
        n.store().delete(id, token).get(10, TimeUnit.SECONDS);
        n.store().put(id, ShardStore.sha256(token), Unpooled.wrappedBuffer(bytes)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void lostAndRottenCopiesAreFoundByNodeAndRepairedUntilAScrubFindsEveryStripeWhole() throws Exception {
        PassReport healthy = pass().run(StripePass.Kind.HEALTH, Progress.NONE);
        assertEquals(18, healthy.stripes(), "six files of three stripes");
        assertEquals(18, healthy.whole());
        assertTrue(roots.count() >= 18 * 6, "a root for every shard written: " + roots.count());

        NodeServer wiped = cluster.nodes().get(1);
        NodeServer rotten = cluster.nodes().get(4);
        int lost = wipe(wiped);
        List<ShardId> rotIds = shardsOn(rotten).subList(0, 3);
        for (ShardId id : rotIds) {
            rot(rotten, id);
        }
        assertTrue(lost > 0);

        PassReport health = pass().run(StripePass.Kind.HEALTH, Progress.NONE);
        assertEquals(0, health.lost());
        assertTrue(health.degraded() > 0);
        assertEquals(lost, tally(health, wiped.id()).missing(), "every lost copy named, on its node");

        List<String> progress = new ArrayList<>();
        PassReport scrub = pass().run(StripePass.Kind.SCRUB, progress::add);
        assertEquals(0, scrub.lost());
        assertEquals(lost, tally(scrub, wiped.id()).missing());
        assertEquals(3, tally(scrub, rotten.id()).damaged(), "rot is found only by reading: " + scrub);
        assertFalse(progress.isEmpty());
        assertFilesReadable();

        PassReport repair = pass().run(StripePass.Kind.REPAIR, Progress.NONE);
        assertEquals(lost + 3, repair.repair().copiesWritten(), repair.toString());
        assertEquals(3, repair.repair().damagedDeleted());
        assertEquals(0, repair.repair().stillDegraded() + repair.repair().stillLost(), repair.toString());

        PassReport after = pass().run(StripePass.Kind.SCRUB, Progress.NONE);
        assertEquals(18, after.whole(), after.toString());
        PassReport again = pass().run(StripePass.Kind.REPAIR, Progress.NONE);
        assertEquals(0, again.repair().copiesWritten(), "repair is idempotent");
        assertFilesReadable();
    }

    @Test
    void allCopiesOfAShardGoneAreResealedFromTheDecodedStripe() throws Exception {
        // Shard 0 of the first stripe, both copies: no authentic copy left to copy from.
        StoredStripe s = StripeInventory.read(fs.meta).get(0);
        ShardId id = store.named(s.key()).ids().get(0);
        int removed = 0;
        for (NodeServer n : cluster.nodes()) {
            if (n.store().length(id) >= 0) {
                n.store().delete(id, keys.deletionToken(id.bytes())).get(10, TimeUnit.SECONDS);
                removed++;
            }
        }
        assertEquals(2, removed);
        PassReport repair = pass().run(StripePass.Kind.REPAIR, Progress.NONE);
        assertEquals(1, repair.repair().shardsResealed(), repair.toString());
        assertEquals(2, repair.repair().copiesWritten());
        assertEquals(18, pass().run(StripePass.Kind.SCRUB, Progress.NONE).whole());
        assertFilesReadable();
    }

    @Test
    void aNodeThatLostItsShardsFailsAuditsIsEjectedRefusedByPeersAndItsStripesAreRepaired() throws Exception {
        Path state = dir.resolve("upkeep");
        Auditor auditor = new Auditor(store, roots, state, EjectionPolicy.DEFAULT);
        AuditReport clean = auditor.run(Auditor.Settings.DEFAULT, Progress.NONE);
        assertEquals(6, clean.nodes().size(), clean.toString());
        assertFalse(clean.anyFailed(), clean.toString());

        NodeServer cheat = cluster.nodes().get(2);
        wipe(cheat);
        AuditReport caught = auditor.run(Auditor.Settings.DEFAULT, Progress.NONE);
        AuditReport.NodeResult row = caught.nodes().stream().filter(n -> n.node().equals(cheat.id().hex()))
                .findFirst().orElseThrow();
        assertEquals(row.audited(), row.failed(), row.toString());
        assertTrue(row.dueForEjection(), row.toString());
        assertTrue(caught.nodes().stream().filter(n -> !n.node().equals(cheat.id().hex()))
                .allMatch(n -> n.failed() == 0 && !n.dueForEjection()), caught.toString());

        Ejector.Ejection e = Ejector.eject(cluster.layout().networkDir(), client, row.node(), "failed audits");
        assertEquals(7, e.copiedTo().size(), "six nodes and the client");
        assertFalse(client.view().rows().containsKey(cheat.id()));
        assertRefusedByPeers(cheat);

        assertFilesReadable();
        PassReport repair = pass().run(StripePass.Kind.REPAIR, Progress.NONE);
        assertEquals(0, repair.repair().stillLost(), repair.toString());
        PassReport after = pass().run(StripePass.Kind.SCRUB, Progress.NONE);
        assertEquals(0, after.lost() + after.degraded() - unplaceable(after), after.toString());
        assertTrue(after.nodes().stream().noneMatch(n -> n.node().equals(cheat.id().hex())));
        AuditReport later = auditor.run(Auditor.Settings.DEFAULT, Progress.NONE);
        assertFalse(later.anyFailed(), later.toString());
        assertTrue(later.nodes().stream().noneMatch(n -> n.node().equals(cheat.id().hex())));
        assertFilesReadable();
    }

    /** Stripes degraded only because five nodes cannot hold two copies of 4+2 on distinct nodes. */
    private static long unplaceable(PassReport r) {
        return r.problems().stream().filter(p -> p.copies().stream().allMatch(c -> c.contains("unplaced"))).count();
    }

    private void assertRefusedByPeers(NodeServer cheat) throws Exception {
        Path id = cluster.layout().nodeDir(cluster.nodes().indexOf(cheat) + 1);
        assertTrue(NodeIdentity.exists(id));
        try (Transport t = Transport.create("test-io", 1)) {
            Connector c = new Connector(t, TransportSecurity.fromIdentity(id), 3000);
            NodeServer peer = cluster.nodes().get(0);
            long until = System.currentTimeMillis() + 10_000;
            while (true) {
                try {
                    c.connect(peer.endpoint()).get(10, TimeUnit.SECONDS).close();
                } catch (ExecutionException ex) {
                    assertTrue(ex.getCause() instanceof NodeUnavailableException, ex.toString());
                    return;
                }
                if (System.currentTimeMillis() > until) {
                    throw new AssertionError("a peer still admits the ejected node");
                }
                Thread.sleep(250);
            }
        }
    }

    private static PassReport.NodeTally tally(PassReport r, MemberId node) {
        return r.nodes().stream().filter(n -> n.node().equals(node.hex())).findFirst()
                .orElse(new PassReport.NodeTally(node.hex(), 0, 0, 0, 0));
    }
}
