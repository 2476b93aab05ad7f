package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.vfs.Caller;
import dcfs.vfs.MountSession;
import dcfs.vfs.OpenFlags;
import dcfs.vfs.Opened;
import dcfs.vfs.Vfs;
import dcfs.vfs.VfsFixture;
import dcfs.vfs.sync.NetworkTarget;
import dcfs.vfs.sync.SyncConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filesystem as the nodes hold it, read without a mount: the superblock's metadata objects and
 * every file's stored stripes; no lease taken (a writer mounts beside it), its directory gone at close.
 */
@Timeout(180)
class FilesystemSnapshotTest {
    @TempDir
    Path dir;
    Path home;
    EmbeddedCluster cluster;
    ReplicaClient client;
    KeyTree keys;

    @BeforeEach
    void start() throws Exception {
        byte[] seed = new byte[64];
        new SecureRandom().nextBytes(seed);
        keys = KeyTree.fromSeed(seed);
        home = dir.resolve("home");
        cluster = EmbeddedCluster.start(dir.resolve("cluster"), 6);
        client = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(cluster.clientIdentity()),
                cluster.endpoints()), Duration.ofSeconds(20));
        client.awaitMembers(6, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        try {
            client.close();
        } finally {
            cluster.close();
            keys.close();
        }
    }

    MountSession mount() throws Exception {
        return MountSession.open(new MountSession.Options(home.resolve("meta"), VfsFixture.smallConfig(), 0, 0, 0,
                keys.identity().fingerprint()), new NetworkTarget(client, keys, new Shape(4, 2, 2), false, 16 * 1024,
                20_000), SyncConfig.defaults().withTailBudget(2048).withCheckpointBytes(64 * 1024));
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

    @Test
    void noFilesystemYetIsOneClearError() {
        IOException e = assertThrows(IOException.class, () -> FilesystemSnapshot.open(home, client, keys, 20_000));
        assertTrue(e.getMessage().contains("no superblock"), e.getMessage());
    }

    @Test
    void metadataObjectsAndFileStripesReadOnlyBesideAWriter() throws Exception {
        try (MountSession s = mount()) {
            for (int i = 0; i < 30; i++) {
                write(s.vfs(), "/small-" + i, ("file " + i).repeat(50).getBytes());
            }
            write(s.vfs(), "/big", new byte[2 * VfsFixture.STRIPE + 5]);
        }
        Path runDir = home.resolve("run").resolve("upkeep");
        try (FilesystemSnapshot snap = FilesystemSnapshot.open(home, client, keys, 20_000)) {
            long meta = snap.stripes().stream().filter(StoredStripe::isMetadata).count();
            assertTrue(meta > 0, "the unmount put the metadata into objects: " + snap.stripes());
            assertEquals(3, snap.stripes().size() - meta, "the big file's three stripes; small files are inline");
            assertEquals(snap.superblock().metaSeq(), snap.metadata().lastSeq());
            assertTrue(snap.stripes().get(0).isMetadata(), "metadata objects first");
            try (var l = Files.list(runDir)) {
                assertEquals(1, l.count());
            }
            PassReport r = new StripePass(snap.stripes(), snap.store(), null, 10_000, 2).run(StripePass.Kind.SCRUB,
                    Progress.NONE);
            assertEquals(snap.stripes().size(), r.whole(), r.toString());

            try (MountSession writer = mount()) { // the snapshot took no lease
                write(writer.vfs(), "/big2", new byte[VfsFixture.STRIPE + 1]);
            }
            try (FilesystemSnapshot newer = FilesystemSnapshot.open(home, client, keys, 20_000)) {
                assertTrue(newer.recordSeq() > snap.recordSeq());
                assertEquals(5, newer.stripes().stream().filter(x -> !x.isMetadata()).count());
            }
        }
        try (var l = Files.list(runDir)) {
            assertFalse(l.findAny().isPresent(), "snapshot directories are deleted at close");
        }
    }
}
