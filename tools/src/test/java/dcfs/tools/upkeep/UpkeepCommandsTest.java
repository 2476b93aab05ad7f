package dcfs.tools.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.keyring.file.Keyring;
import dcfs.keyring.file.KeyringFile;
import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.NodeId;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.RevocationList;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.node.NodeServer;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.store.ShardStore;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.transport.Transport;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.wire.Message;
import dcfs.tools.CommandRun;
import dcfs.tools.ExitCodes;
import dcfs.vfs.Caller;
import dcfs.vfs.MountSession;
import dcfs.vfs.OpenFlags;
import dcfs.vfs.Opened;
import dcfs.vfs.Vfs;
import dcfs.vfs.VfsConfig;
import dcfs.vfs.sync.NetworkTarget;
import dcfs.vfs.sync.SyncConfig;
import dcfs.vfs.upkeep.FilesystemSnapshot;
import dcfs.vfs.upkeep.StripeInventory;
import dcfs.vfs.upkeep.StoredStripe;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcfs scrub}, {@code repair} and {@code audit} as a user runs them: a keyring made by
 * {@code dcfs init}, a filesystem written through the vfs onto six nodes in this JVM running in the
 * home's cluster directory (where the commands find them by default), then a copy deleted on one
 * node and another corrupted on a second — found, repaired, whole again — and a node answering
 * audits with forged proofs, ejected by {@code dcfs audit} with the cluster's network key and
 * refused by its peers from then on.
 */
@Timeout(300)
class UpkeepCommandsTest {
    static final int STRIPE = 64 * 1024;

    @TempDir
    Path dir;
    Path home;
    EmbeddedCluster cluster;
    Keyring keyring;

    @BeforeEach
    void writeAFilesystem() throws Exception {
        home = dir.resolve("home");
        assertEquals(ExitCodes.OK, CommandRun.of("init", "--home", home.toString(), "--no-passphrase").exitCode());
        keyring = KeyringFile.open(home, null);
        cluster = EmbeddedCluster.start(home.resolve("cluster"), 6);
        try (ReplicaClient client = ReplicaClient.connect(ClientConfig.of(
                TransportSecurity.fromIdentity(cluster.clientIdentity()), cluster.endpoints()), Duration.ofSeconds(20))) {
            client.awaitMembers(6, Duration.ofSeconds(20));
            VfsConfig config = new VfsConfig(STRIPE, 4096, 16L * STRIPE, Duration.ofMillis(200), Duration.ofMillis(200),
                    2, 3, false);
            try (MountSession s = MountSession.open(new MountSession.Options(home.resolve("meta"), config, 0, 0, 0,
                    keyring.keyTree().identity().fingerprint()), new NetworkTarget(client, keyring.keyTree(),
                    new Shape(4, 2, 2), false, 16 * 1024, 20_000), SyncConfig.defaults())) {
                Random r = new Random(5);
                for (int f = 0; f < 4; f++) {
                    byte[] d = new byte[2 * STRIPE + 1000 * f];
                    r.nextBytes(d);
                    write(s.vfs(), "/f" + f, d);
                }
            }
        }
    }

    @AfterEach
    void stop() {
        try {
            cluster.close();
        } finally {
            keyring.close();
        }
    }

    static void write(Vfs v, String path, byte[] data) throws Exception {
        Opened o = v.create(Caller.ROOT, path, 0644, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
        try {
            v.write(Caller.ROOT, o.handle(), 0, ByteBuffer.wrap(data));
            v.fsync(o.handle(), false);
        } finally {
            v.release(o.handle());
        }
    }

    CommandRun dcfs(String... args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        a.addAll(List.of("--home", home.toString(), "--no-passphrase"));
        CommandRun r = CommandRun.of(a.toArray(String[]::new));
        // Kept in the test's output file: what a user sees.
        System.out.println("$ dcfs " + String.join(" ", args) + "   (exit " + r.exitCode() + ")\n" + r.out());
        return r;
    }

    /** The shards the filesystem holds now (not garbage a delete has yet to reach), as the commands see them. */
    Set<ShardId> currentShards() throws Exception {
        try (ReplicaClient client = ReplicaClient.connect(ClientConfig.of(
                TransportSecurity.fromIdentity(cluster.clientIdentity()), cluster.endpoints()), Duration.ofSeconds(20))) {
            client.awaitMembers(6, Duration.ofSeconds(20));
            try (FilesystemSnapshot snap = FilesystemSnapshot.open(dir.resolve("elsewhere"), client, keyring.keyTree(),
                    20_000)) {
                return StripeInventory.shardIds(snap.stripes(), snap.store());
            }
        }
    }


    static byte[] bytesOn(NodeServer n, ShardId id) throws Exception {
        ShardStore.Slice s = n.store().read(id, 0, -1, UnpooledByteBufAllocator.DEFAULT);
        byte[] b = new byte[s.data().readableBytes()];
        s.data().readBytes(b);
        s.data().release();
        return b;
    }

    void replace(NodeServer n, ShardId id, UnaryOperator<byte[]> change) throws Exception {
        byte[] bytes = change.apply(bytesOn(n, id));
        byte[] token = keyring.keyTree().deletionToken(id.bytes());
        n.store().delete(id, token).get(10, TimeUnit.SECONDS);
        n.store().put(id, ShardStore.sha256(token), Unpooled.wrappedBuffer(bytes)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void scrubFindsADeletedAndARottenCopyRepairRebuildsBothAndAuditEjectsAForger() throws Exception {
        CommandRun clean = dcfs("scrub");
        assertEquals(ExitCodes.OK, clean.exitCode(), clean.toString());
        assertTrue(clean.out().contains("degraded, 0 lost") && clean.out().contains(" 0 degraded"), clean.out());
        JsonNode json = new ObjectMapper().readTree(dcfs("scrub", "--json").out());
        long stripes = json.get("stripes").asLong();
        assertTrue(stripes >= 8, "four files of two or three stripes, and the metadata: " + json);
        assertEquals(stripes, json.get("whole").asLong());

        Set<ShardId> current = currentShards();
        NodeServer wiped = cluster.nodes().get(0);
        NodeServer rotten = cluster.nodes().get(3);
        ShardId deleted = wiped.store().ids().stream().filter(current::contains).findFirst().orElseThrow();
        byte[] original = bytesOn(wiped, deleted);
        wiped.store().delete(deleted, keyring.keyTree().deletionToken(deleted.bytes())).get(10, TimeUnit.SECONDS);
        ShardId rotted = rotten.store().ids().stream().filter(id -> current.contains(id) && !id.equals(deleted))
                .findFirst().orElseThrow();
        byte[] good = bytesOn(rotten, rotted);
        replace(rotten, rotted, b -> {
            b[b.length / 2] ^= 1;
            return b;
        });

        CommandRun scrub = dcfs("scrub");
        assertEquals(ExitCodes.OK, scrub.exitCode(), "degraded is not lost: " + scrub);
        assertTrue(scrub.out().contains(wiped.id().shortForm() + ": missing"), scrub.out());
        assertTrue(scrub.out().contains(rotten.id().shortForm() + ": damaged"), scrub.out());
        assertTrue(scrub.out().contains("`dcfs repair`"), scrub.out());

        CommandRun repair = dcfs("repair");
        assertEquals(ExitCodes.OK, repair.exitCode(), repair.toString());
        assertTrue(repair.out().contains("(2 copies written"), repair.out());
        assertTrue(repair.out().contains("0 still degraded, 0 lost"), repair.out());
        assertTrue(Arrays.equals(original, bytesOn(wiped, deleted)), "the deleted copy is back, copied from its twin");
        assertTrue(Arrays.equals(good, bytesOn(rotten, rotted)), "the rotten copy is replaced by the good one");
        CommandRun after = dcfs("scrub");
        assertTrue(after.out().contains(" 0 degraded, 0 lost"), after.out());

        CommandRun audit = dcfs("audit");
        assertEquals(ExitCodes.OK, audit.exitCode(), audit.toString());
        assertEquals(6, audit.out().lines().filter(l -> l.endsWith("  ok")).count(), audit.out());

        NodeServer cheat = cluster.nodes().get(4);
        Random r = new Random(9);
        for (ShardId id : cheat.store().ids()) {
            replace(cheat, id, b -> {
                byte[] forged = new byte[b.length];
                r.nextBytes(forged);
                return forged;
            });
        }
        CommandRun caught = dcfs("audit");
        assertEquals(ExitCodes.FAILURE, caught.exitCode(), caught.toString());
        assertTrue(caught.out().contains(cheat.id().shortForm()) && caught.out().contains("EJECTED"), caught.out());
        Path cheatDir = cluster.layout().nodeDir(5);
        RevocationList list = RevocationList.read(cluster.layout().nodeDir(1).resolve(NodeIdentity.REVOCATIONS_FILE),
                NetworkAuthority.load(cluster.layout().networkDir()).certificate());
        assertTrue(list.isRevoked(new NodeId(cheat.id().hex())), list.toString());
        assertRefused(cheatDir, cluster.nodes().get(0));

        CommandRun mended = dcfs("repair");
        assertEquals(ExitCodes.OK, mended.exitCode(), mended.toString());
        assertFalse(mended.out().contains(cheat.id().shortForm()), "the ejected node is out of placement: " + mended.out());
        CommandRun later = dcfs("audit");
        assertEquals(ExitCodes.OK, later.exitCode(), later.toString());
    }

    @Test
    void aStripeWithFewerThanKShardsLeftIsLostAndBothCommandsExitOne() throws Exception {
        List<ShardId> ids;
        try (ReplicaClient client = ReplicaClient.connect(ClientConfig.of(
                TransportSecurity.fromIdentity(cluster.clientIdentity()), cluster.endpoints()), Duration.ofSeconds(20))) {
            client.awaitMembers(6, Duration.ofSeconds(20));
            try (FilesystemSnapshot snap = FilesystemSnapshot.open(dir.resolve("elsewhere"), client, keyring.keyTree(),
                    20_000)) {
                StoredStripe file = snap.stripes().stream().filter(x -> !x.isMetadata()).findFirst().orElseThrow();
                ids = snap.store().named(file.key()).ids();
            }
        }
        for (ShardId id : ids.subList(0, 3)) { // every copy of 3 of the 6 shards: 3 left, 4 needed
            for (NodeServer n : cluster.nodes()) {
                if (n.store().length(id) >= 0) {
                    n.store().delete(id, keyring.keyTree().deletionToken(id.bytes())).get(10, TimeUnit.SECONDS);
                }
            }
        }
        CommandRun scrub = dcfs("scrub");
        assertEquals(ExitCodes.FAILURE, scrub.exitCode(), scrub.toString());
        assertTrue(scrub.out().contains(": lost"), scrub.out());
        assertTrue(scrub.err().contains("dcfs scrub: 1 stripe(s) lost"), scrub.err());
        CommandRun repair = dcfs("repair");
        assertEquals(ExitCodes.FAILURE, repair.exitCode(), repair.toString());
        assertTrue(repair.out().contains("not repaired: "), repair.out());
        assertTrue(repair.err().contains("dcfs repair: 1 stripe(s) lost"), repair.err());
    }

    @Test
    void usageAndMissingPiecesAreOneLine() {
        CommandRun wide = dcfs("audit", "--shards", "100");
        assertEquals(ExitCodes.USAGE, wide.exitCode(), wide.toString());
        CommandRun noRoots = dcfs("audit");
        assertEquals(ExitCodes.FAILURE, noRoots.exitCode(), noRoots.toString());
        assertTrue(noRoots.errLine().endsWith("run `dcfs scrub` first"), noRoots.errLine());
        CommandRun elsewhere = dcfs("scrub", "--cluster", dir.resolve("nothing").toString());
        assertEquals(ExitCodes.FAILURE, elsewhere.exitCode());
        assertEquals(1, elsewhere.errLine().lines().count(), elsewhere.errLine());
        assertTrue(elsewhere.errLine().contains("no cluster at"), elsewhere.errLine());
    }

    /** The ejected node's handshakes are refused by a peer (within a few of the peer's 2 s reloads). */
    static void assertRefused(Path identity, NodeServer peer) throws Exception {
        try (Transport t = Transport.create("test-io", 1)) {
            Connector c = new Connector(t, TransportSecurity.fromIdentity(identity), 3000);
            long until = System.currentTimeMillis() + 15_000;
            while (true) {
                try {
                    c.connect(peer.endpoint()).get(10, TimeUnit.SECONDS).close();
                } catch (ExecutionException e) {
                    return;
                }
                if (System.currentTimeMillis() > until) {
                    throw new AssertionError("a peer still admits the ejected node");
                }
                Thread.sleep(250);
            }
        }
    }
}
