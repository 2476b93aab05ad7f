package dcfs.tools.recover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.shardcodec.ShardIds;
import dcfs.tools.UserError;
import dcfs.vfs.Caller;
import dcfs.vfs.MountSession;
import dcfs.vfs.OpenFlags;
import dcfs.vfs.Opened;
import dcfs.vfs.Vfs;
import dcfs.vfs.VfsConfig;
import dcfs.vfs.XattrMode;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.TimeChange;
import dcfs.vfs.meta.StripeRef;
import dcfs.vfs.meta.Stripes;
import dcfs.vfs.sync.NetworkTarget;
import dcfs.vfs.sync.SyncConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcfs recover}'s engine: a filesystem written over six real nodes in this JVM, the nodes
 * stopped, then the tree rebuilt from their stores alone — whole, around damaged shards, and
 * without any superblock.
 */
@Timeout(180)
class RecoveryTest {
    static final int STRIPE = 64 * 1024;
    static final Caller ROOT = Caller.ROOT;
    /** 2009-02-13T23:31:30.123456789Z: a time to the nanosecond. */
    static final long SEC = 1_234_567_890L;
    static final int NSEC = 123_456_789;

    @TempDir
    Path dir;
    Path cluster;
    KeyTree keys;
    byte[] big;
    long bigIno;
    byte[] bigFileId;
    List<Stripes.Entry> bigStripes;

    @BeforeEach
    void writeAFilesystem() throws Exception {
        byte[] seed = new byte[64];
        new SecureRandom().nextBytes(seed);
        keys = KeyTree.fromSeed(seed);
        cluster = dir.resolve("cluster");
        big = new byte[5 * STRIPE + 1234];
        new Random(1).nextBytes(big);
        try (EmbeddedCluster nodes = EmbeddedCluster.start(cluster, 6);
             ReplicaClient client = ReplicaClient.connect(ClientConfig.of(
                     TransportSecurity.fromIdentity(nodes.clientIdentity()), nodes.endpoints()), Duration.ofSeconds(20))) {
            client.awaitMembers(6, Duration.ofSeconds(20));
            VfsConfig config = new VfsConfig(STRIPE, 4096, 16L * STRIPE, Duration.ofMillis(200), Duration.ofMillis(200),
                    2, 3, false);
            // A small tail and checkpoint threshold: the metadata ends up as a checkpoint and journal objects.
            SyncConfig sync = SyncConfig.defaults().withTailBudget(2048).withCheckpointBytes(64 * 1024);
            MountSession s = MountSession.open(new MountSession.Options(dir.resolve("home/meta"), config, 0, 0, 0,
                    keys.identity().fingerprint()), new NetworkTarget(client, keys, new Shape(4, 2, 2), false, 16 * 1024,
                    20_000), sync);
            try {
                Vfs v = s.vfs();
                v.mkdir(ROOT, "/d", 0750);
                v.mkdir(ROOT, "/d/e", 0701);
                write(v, "/d/small", "small".getBytes(StandardCharsets.UTF_8));
                write(v, "/d/e/big", big);
                for (int i = 0; i < 40; i++) {
                    write(v, "/d/many-" + i, ("file " + i).repeat(100).getBytes(StandardCharsets.UTF_8));
                }
                Opened sparse = v.create(ROOT, "/d/sparse", 0600, OpenFlags.O_WRONLY);
                v.write(ROOT, sparse.handle(), 0, ByteBuffer.wrap("head".getBytes(StandardCharsets.UTF_8)));
                v.write(ROOT, sparse.handle(), 20L * STRIPE + 3, ByteBuffer.wrap("tail".getBytes(StandardCharsets.UTF_8)));
                v.fsync(sparse.handle(), false);
                v.release(sparse.handle());
                v.chown(ROOT, "/d/small", 1234, 5678);
                v.chmod(ROOT, "/d/small", 04755);
                v.link(ROOT, "/d/small", "/d/hard");
                v.symlink(ROOT, "e/big", "/d/sym");
                v.mknod(ROOT, "/d/fifo", 0010640, 0);
                v.setxattr(ROOT, "/d/small", "user.note", new byte[] {0, 1, 2, (byte) 255}, XattrMode.CREATE);
                v.utimens(ROOT, "/d/e/big", TimeChange.to(new dcfs.vfs.inode.Time(SEC, NSEC)),
                        TimeChange.to(new dcfs.vfs.inode.Time(SEC, NSEC)));
                Inode b = v.getattr(ROOT, "/d/e/big");
                bigIno = b.ino();
                bigFileId = b.fileId().bytes();
                bigStripes = s.metadata().read(r -> Stripes.list(r, bigIno, 0, 100));
            } finally {
                s.close();
            }
        }
    }

    @AfterEach
    void closeKeys() {
        keys.close();
    }

    static void write(Vfs v, String path, byte[] data) throws Exception {
        Opened o = v.create(ROOT, path, 0644, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
        try {
            v.write(ROOT, o.handle(), 0, ByteBuffer.wrap(data));
            v.fsync(o.handle(), false);
        } finally {
            v.release(o.handle());
        }
    }

    Recovery.Outcome recover(KeyTree k, Path to, ByteArrayOutputStream log) throws Exception {
        return Recovery.run(k, cluster, to, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    void checkTree(Path out) throws Exception {
        Path d = out.resolve("d");
        assertArrayEquals("small".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(d.resolve("hard")));
        assertArrayEquals(big, Files.readAllBytes(d.resolve("e/big")));
        for (int i = 0; i < 40; i++) {
            assertEquals(("file " + i).repeat(100), Files.readString(d.resolve("many-" + i)));
        }
        Map<String, Object> small = Files.readAttributes(d.resolve("small"), "unix:*", LinkOption.NOFOLLOW_LINKS);
        assertEquals(04755, (Integer) small.get("mode") & 07777);
        assertEquals(2, small.get("nlink"));
        assertEquals(small.get("ino"), Files.getAttribute(d.resolve("hard"), "unix:ino"));
        if (dcfs.tools.recover.PosixFiles.isRoot()) {
            assertEquals(1234, small.get("uid"));
            assertEquals(5678, small.get("gid"));
        }
        assertEquals(0701, (Integer) Files.getAttribute(d.resolve("e"), "unix:mode") & 07777);
        assertEquals("e/big", Files.readSymbolicLink(d.resolve("sym")).toString());
        assertEquals(0010000, (Integer) Files.getAttribute(d.resolve("fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS)
                & 0170000);
        assertEquals(FileTime.from(java.time.Instant.ofEpochSecond(SEC, NSEC)),
                Files.getLastModifiedTime(d.resolve("e/big")));
        UserDefinedFileAttributeView x = Files.getFileAttributeView(d.resolve("small"), UserDefinedFileAttributeView.class);
        ByteBuffer note = ByteBuffer.allocate(x.size("note"));
        x.read("note", note);
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, note.array());
        byte[] sparse = Files.readAllBytes(d.resolve("sparse"));
        assertEquals(20L * STRIPE + 7, sparse.length);
        assertEquals("tail", new String(sparse, 20 * STRIPE + 3, 4, StandardCharsets.UTF_8));
        Process stat = new ProcessBuilder("stat", "-c", "%b", d.resolve("sparse").toString()).start();
        long blocks = Long.parseLong(new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        assertTrue(blocks * 512 < sparse.length / 4, "holes stay holes: " + blocks + " blocks");
    }

    @Test
    void theTreeComesBackFromTheNodeStoresAlone() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Recovery.Outcome o = recover(keys, dir.resolve("out"), log);
        assertTrue(o.complete(), o.summary() + "\n" + log);
        assertTrue(o.summary().startsWith("recovered 43 files"), o.summary());
        assertTrue(o.summary().contains(", 0 decoded around missing or damaged shards, 0 lost"), o.summary());
        assertTrue(log.toString().contains("recover: superblock "), log.toString());
        checkTree(dir.resolve("out"));
    }

    @Test
    void damagedShardsAreDecodedAroundAndALostStripeIsReported() throws Exception {
        // Every copy of data shard 0 of each of big's stripes is damaged: parity rebuilds them.
        for (Stripes.Entry e : bigStripes) {
            long gen = ((StripeRef.Stored) e.ref()).generation();
            StoreSurgery.corrupt(cluster, shard(e.stripe(), gen, 0));
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Recovery.Outcome o = recover(keys, dir.resolve("out"), log);
        assertTrue(o.complete(), o.summary() + "\n" + log);
        assertTrue(o.summary().contains(", " + bigStripes.size() + " decoded around missing or damaged shards, 0 lost"),
                o.summary());
        checkTree(dir.resolve("out"));

        // Three shards of stripe 2 gone everywhere: more than m = 2, the stripe is lost.
        Stripes.Entry third = bigStripes.get(2);
        long gen = ((StripeRef.Stored) third.ref()).generation();
        for (int i = 1; i <= 3; i++) {
            StoreSurgery.delete(cluster, shard(third.stripe(), gen, i));
        }
        ByteArrayOutputStream log2 = new ByteArrayOutputStream();
        Recovery.Outcome lost = recover(keys, dir.resolve("out2"), log2);
        assertFalse(lost.complete());
        assertTrue(lost.summary().contains(" 1 lost (1 file(s) damaged)"), lost.summary());
        assertTrue(log2.toString().contains("/d/e/big: bytes " + 2L * STRIPE + ".." + 3L * STRIPE + " lost"),
                log2.toString());
        byte[] got = Files.readAllBytes(dir.resolve("out2/d/e/big"));
        byte[] expected = big.clone();
        Arrays.fill(expected, 2 * STRIPE, 3 * STRIPE, (byte) 0);
        assertArrayEquals(expected, got, "the other stripes are whole; the lost one reads as zeros");
    }

    @Test
    void withoutAnySuperblockTheRecoveryBlobsLeadToTheMetadata() throws Exception {
        StoreSurgery.dropRecords(cluster);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Recovery.Outcome o = recover(keys, dir.resolve("out"), log);
        assertTrue(o.complete(), o.summary() + "\n" + log);
        assertTrue(log.toString().contains("no superblock of this mnemonic"), log.toString());
        checkTree(dir.resolve("out"));
    }

    @Test
    void anotherMnemonicFindsNothing() throws Exception {
        byte[] seed = new byte[64];
        new SecureRandom().nextBytes(seed);
        try (KeyTree other = KeyTree.fromSeed(seed)) {
            UserError e = assertThrows(UserError.class, () -> recover(other, dir.resolve("out"),
                    new ByteArrayOutputStream()));
            assertTrue(e.getMessage().startsWith("nothing of this mnemonic's filesystem in these node stores"),
                    e.getMessage());
        }
    }

    ShardId shard(long stripe, long generation, int index) {
        return new ShardId(ShardIds.shardId(keys.shardTagKey().getEncoded(), bigFileId, stripe, generation, index));
    }
}
