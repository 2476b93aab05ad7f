package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.KeyTree;
import dcfs.keyring.identity.NodeId;
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
import dcfs.shardcodec.OpenedShard;
import dcfs.shardcodec.StripeDecoder;
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
import org.junit.jupiter.api.Timeout;

/**
 * The upkeep passes over a real filesystem (vfs over the network store) on six TLS nodes in this
 * JVM: a node that loses its shards and another whose shards rot are found by the presence check
 * and the scrub, named by node, and mended by repair until a scrub finds every stripe whole and the
 * mended copies authenticate on those very nodes; a node that answers audits with forged proofs
 * (it kept only the shards' lengths) fails them, is ejected (revoked, refused by its peers, dropped
 * from placement), and the files stay readable and are repaired onto the others.
 */
@Timeout(240)
class UpkeepPassesTest {
    private static final Shape SHAPE = new Shape(4, 2, 2);
    private Path dir;
    private EmbeddedCluster cluster;
    private ReplicaClient client;
    private KeyTree keys;
    private NetworkStripeStore store;
    private ShardRoots roots;
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
        fs = new VfsFixture(dir, store, VfsFixture.smallConfig());
        Random r = new Random(11);
        for (int f = 0; f < 6; f++) {
            byte[] d = new byte[150_000 + 7_919 * f]; // three stripes of 64 KiB each
            r.nextBytes(d);
            fs.write("/f" + f, d);
            files.put("/f" + f, d);
        }
        fs.vfs.syncAll();
        store.awaitCopies(); // both copies of every stripe on the nodes before the passes look
    }

    @AfterEach
    void stop() throws Exception {
        try {
            fs.close();
        } finally {
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
        return new StripePass(StripeInventory.files(fs.meta), store, roots, 5_000, 2);
    }

    /** Whether the copy of {@code id} on {@code n} is there and authenticates as the shard it names. */
    private boolean authenticOn(NodeServer n, ShardId id) throws Exception {
        if (n.store().length(id) < 0) {
            return false;
        }
        ShardStore.Slice s = n.store().read(id, 0, -1, UnpooledByteBufAllocator.DEFAULT);
        byte[] bytes = new byte[s.data().readableBytes()];
        s.data().readBytes(bytes);
        s.data().release();
        for (StoredStripe st : StripeInventory.files(fs.meta)) {
            NetworkStripeStore.Named names = store.named(st.key());
            int index = names.ids().indexOf(id);
            if (index >= 0) {
                return new StripeDecoder().authenticate(names.stripeKeys(), names.address(), index, bytes)
                        instanceof OpenedShard;
            }
        }
        throw new AssertionError("shard " + id + " belongs to no stripe of the filesystem");
    }

    private void assertFilesReadable() throws Exception {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            assertArrayEquals(e.getValue(), fs.read(e.getKey()), e.getKey());
        }
    }


    private int wipe(NodeServer n) throws Exception {
        List<ShardId> ids = n.store().ids();
        for (ShardId id : ids) {
            n.store().delete(id, keys.deletionToken(id.bytes())).get(10, TimeUnit.SECONDS);
        }
        return ids.size();
    }

    /** Flips one bit of the copy on {@code n}, as a disk would. */
    private void rot(NodeServer n, ShardId id) throws Exception {
        replace(n, id, bytes -> {
            bytes[bytes.length - 100] ^= 0x40;
            return bytes;
        });
    }

    /** Replaces the copy on {@code n} by what {@code change} makes of its bytes. */
    private void replace(NodeServer n, ShardId id, java.util.function.UnaryOperator<byte[]> change) throws Exception {
        ShardStore.Slice s = n.store().read(id, 0, -1, UnpooledByteBufAllocator.DEFAULT);
        byte[] bytes = new byte[s.data().readableBytes()];
        s.data().readBytes(bytes);
        s.data().release();
        bytes = change.apply(bytes);
        byte[] token = keys.deletionToken(id.bytes());
        n.store().delete(id, token).get(10, TimeUnit.SECONDS);
        n.store().put(id, ShardStore.sha256(token), Unpooled.wrappedBuffer(bytes)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDeletedCopyAndARottenCopyAreFoundByNodeAndRepairedUntilBothAuthenticateAgain() throws Exception {
        PassReport presence = pass().run(StripePass.Kind.PRESENCE, Progress.NONE);
        assertEquals(18, presence.stripes(), "six files of three stripes");
        assertEquals(18, presence.whole(), presence.toString());
        assertEquals(0, roots.count(), "presence reads nothing, learns no root");
        PassReport clean = pass().run(StripePass.Kind.SCRUB, Progress.NONE);
        assertEquals(18, clean.whole(), clean.toString());
        assertEquals(18 * 6, roots.count(), "a root for every shard read");

        NodeServer wiped = cluster.nodes().get(1);
        NodeServer rotten = cluster.nodes().get(4);
        ShardId deleted = wiped.store().ids().get(0);
        wiped.store().delete(deleted, keys.deletionToken(deleted.bytes())).get(10, TimeUnit.SECONDS);
        ShardId rotted = rotten.store().ids().stream().filter(id -> !id.equals(deleted)).findFirst().orElseThrow();
        rot(rotten, rotted);
        assertFalse(authenticOn(wiped, deleted));
        assertFalse(authenticOn(rotten, rotted));

        PassReport quick = pass().run(StripePass.Kind.PRESENCE, Progress.NONE);
        assertEquals(1, tally(quick, wiped.id()).missing(), "a presence check sees the missing copy, by node");
        assertEquals(0, tally(quick, rotten.id()).damaged(), "but not the rot: the length is right");

        List<String> progress = new ArrayList<>();
        PassReport scrub = pass().run(StripePass.Kind.SCRUB, progress::add);
        assertEquals(0, scrub.lost());
        assertEquals(expectedDegraded(deleted, rotted), scrub.degraded(), scrub.toString());
        assertEquals(1, tally(scrub, wiped.id()).missing(), scrub.toString());
        assertEquals(1, tally(scrub, rotten.id()).damaged(), "rot is found only by reading: " + scrub);
        assertTrue(scrub.problems().stream().flatMap(p -> p.copies().stream())
                .anyMatch(c -> c.contains(rotten.id().shortForm()) && c.contains("damaged")), scrub.toString());
        assertFalse(progress.isEmpty());
        assertFilesReadable();

        PassReport repair = pass().run(StripePass.Kind.REPAIR, Progress.NONE);
        assertEquals(2, repair.repair().copiesWritten(), repair.toString());
        assertEquals(1, repair.repair().damagedDeleted());
        assertEquals(0, repair.repair().shardsResealed(), "a good copy of each was there to copy");
        assertEquals(0, repair.repair().stillDegraded() + repair.repair().stillLost(), repair.toString());
        assertFalse(repair.anyLost());
        assertTrue(authenticOn(wiped, deleted), "the deleted copy is back where it was");
        assertTrue(authenticOn(rotten, rotted), "the rotten copy is replaced by an authentic one");

        PassReport after = pass().run(StripePass.Kind.SCRUB, Progress.NONE);
        assertEquals(18, after.whole(), after.toString());
        PassReport again = pass().run(StripePass.Kind.REPAIR, Progress.NONE);
        assertEquals(0, again.repair().copiesWritten(), "repair is idempotent");
        assertFilesReadable();
    }

    /** One stripe degraded if both damaged copies are shards of the same stripe, else two. */
    private long expectedDegraded(ShardId a, ShardId b) {
        for (StoredStripe st : StripeInventory.files(fs.meta)) {
            List<ShardId> ids = store.named(st.key()).ids();
            if (ids.contains(a)) {
                return ids.contains(b) ? 1 : 2;
            }
        }
        throw new AssertionError("no stripe has shard " + a);
    }

    @Test
    void wholeNodesLostOrRottenAreRepaired() throws Exception {
        NodeServer wiped = cluster.nodes().get(1);
        NodeServer rotten = cluster.nodes().get(4);
        int lost = wipe(wiped);
        List<ShardId> rotIds = rotten.store().ids().subList(0, 3);
        for (ShardId id : rotIds) {
            rot(rotten, id);
        }
        assertTrue(lost > 0);
        PassReport scrub = pass().run(StripePass.Kind.SCRUB, Progress.NONE);
        assertEquals(0, scrub.lost());
        assertEquals(lost, tally(scrub, wiped.id()).missing(), "every lost copy named, on its node");
        assertEquals(3, tally(scrub, rotten.id()).damaged());
        PassReport repair = pass().run(StripePass.Kind.REPAIR, Progress.NONE);
        assertEquals(lost + 3, repair.repair().copiesWritten(), repair.toString());
        assertEquals(3, repair.repair().damagedDeleted());
        assertEquals(18, pass().run(StripePass.Kind.SCRUB, Progress.NONE).whole());
        for (ShardId id : rotIds) {
            assertTrue(authenticOn(rotten, id));
        }
        assertFilesReadable();
    }

    @Test
    void allCopiesOfAShardGoneAreResealedFromTheDecodedStripe() throws Exception {
        // Shard 0 of the first stripe, both copies: no authentic copy left to copy from.
        StoredStripe s = StripeInventory.files(fs.meta).get(0);
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
    void aNodeAnsweringAuditsWithForgedProofsIsEjectedRefusedByPeersAndItsStripesAreRepaired() throws Exception {
        Path state = dir.resolve("upkeep");
        List<StoredStripe> inventory = StripeInventory.files(fs.meta);
        java.util.Set<ShardId> current = StripeInventory.shardIds(inventory, store);
        Auditor auditor = new Auditor(client, roots, current, state, EjectionPolicy.DEFAULT);
        AuditReport none = auditor.run(Auditor.Settings.DEFAULT, Progress.NONE);
        assertEquals(0, none.shardsWithRoot(), "no root before a scrub");
        assertTrue(none.nodes().isEmpty(), none.toString());

        pass().run(StripePass.Kind.SCRUB, Progress.NONE);
        AuditReport clean = auditor.run(Auditor.Settings.DEFAULT, Progress.NONE);
        assertEquals(6, clean.nodes().size(), clean.toString());
        assertFalse(clean.anyFailed(), clean.toString());
        assertTrue(clean.nodes().stream().allMatch(n -> n.audited() > 0 && n.passed() == n.audited()), clean.toString());

        // The cheat keeps only the length of each shard: whatever it proves, it proves over other bytes.
        NodeServer cheat = cluster.nodes().get(2);
        Random r = new Random(3);
        for (ShardId id : cheat.store().ids()) {
            replace(cheat, id, bytes -> {
                byte[] forged = new byte[bytes.length];
                r.nextBytes(forged);
                return forged;
            });
        }
        AuditReport caught = auditor.run(Auditor.Settings.DEFAULT, Progress.NONE);
        AuditReport.NodeResult row = caught.nodes().stream().filter(n -> n.node().equals(cheat.id().hex()))
                .findFirst().orElseThrow();
        assertTrue(row.audited() >= 3, row.toString());
        assertEquals(row.audited(), row.failed(), row.toString());
        assertTrue(row.problem().contains("shard"), row.toString());
        assertTrue(row.dueForEjection(), row.toString());
        assertTrue(caught.anyFailed());
        assertTrue(caught.nodes().stream().filter(n -> !n.node().equals(cheat.id().hex()))
                .allMatch(n -> n.failed() == 0 && !n.dueForEjection()), caught.toString());
        assertEquals(row.consecutiveFailures(), ReputationFile.load(state, EjectionPolicy.DEFAULT)
                .of(cheat.id().hex()).consecutiveFailures(), "the reputation is kept between runs");

        Ejector.Ejection e = Ejector.eject(cluster.layout().networkDir(), row.node(), "forged proofs");
        assertEquals(7, e.copiedTo().size(), "six nodes and the client");
        assertTrue(e.list().isRevoked(new NodeId(row.node())));
        assertEquals(e.list().sequence(), Ejector.eject(cluster.layout().networkDir(), row.node(), "again").list()
                .sequence(), "ejecting twice signs nothing new");
        client.applyRevocations(e.list());
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
