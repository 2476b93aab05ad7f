package dcfs.vfs.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.vfs.Caller;
import dcfs.vfs.DirEntry;
import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import dcfs.vfs.MountRefusedException;
import dcfs.vfs.MountSession;
import dcfs.vfs.OpenFlags;
import dcfs.vfs.Opened;
import dcfs.vfs.Vfs;
import dcfs.vfs.VfsConfig;
import dcfs.vfs.XattrMode;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.meta.Table;
import dcfs.vfs.store.StripeNotFoundException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata on six real TLS nodes inside this JVM: every test gets a mnemonic (key tree) of its
 * own, so it sees a filesystem of its own on the shared nodes, and homes in a temporary directory.
 */
@Timeout(120)
class NetworkMetadataTest {
    static final Caller ROOT = Caller.ROOT;
    private static Path clusterDir;
    private static EmbeddedCluster cluster;
    private static ReplicaClient client;

    @TempDir
    Path dir;
    private KeyTree keys;
    private final List<MountSession> open = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        clusterDir = Files.createTempDirectory("dcfs-netmeta");
        cluster = EmbeddedCluster.start(clusterDir, 6);
        client = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(cluster.clientIdentity()),
                cluster.endpoints()), Duration.ofSeconds(20));
        client.awaitMembers(6, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        client.close();
        cluster.close();
        try (var walk = Files.walk(clusterDir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void newMnemonic() {
        keys = randomKeys();
    }

    @AfterEach
    void closeAll() {
        for (MountSession s : open) {
            try {
                s.close();
            } catch (Exception e) {
                // already closed, or failed on purpose
            }
        }
        keys.close();
    }

    static KeyTree randomKeys() {
        byte[] seed = new byte[64];
        new SecureRandom().nextBytes(seed);
        return KeyTree.fromSeed(seed);
    }

    static VfsConfig config() {
        return new VfsConfig(64 * 1024, 4096, 16L * 64 * 1024, Duration.ofMillis(200), Duration.ofMillis(200), 2, 3,
                false);
    }

    static SyncConfig sync() {
        return SyncConfig.defaults().withShipInterval(Duration.ofMillis(300));
    }

    MountSession mount(Path home, KeyTree k, SyncConfig s, boolean readOnly) throws Exception {
        MountSession m = MountSession.open(new MountSession.Options(home.resolve("meta"), config().withReadOnly(readOnly),
                0, 0, 0, k.identity().fingerprint()), new NetworkTarget(client, k, new Shape(4, 2, 2), false,
                16 * 1024, 20_000), s);
        open.add(m);
        return m;
    }

    MountSession mount(Path home) throws Exception {
        return mount(home, keys, sync(), false);
    }

    // ---------------------------------------------------------------- helpers on the vfs

    static void write(Vfs v, String path, byte[] data, boolean fsync) throws FsException {
        Opened o = v.create(ROOT, path, 0640, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
        try {
            v.write(ROOT, o.handle(), 0, ByteBuffer.wrap(data));
            if (fsync) {
                v.fsync(o.handle(), false);
            } else {
                v.flush(o.handle());
            }
        } finally {
            v.release(o.handle());
        }
    }

    static byte[] read(Vfs v, String path) throws FsException {
        long fh = v.open(ROOT, path, OpenFlags.O_RDONLY);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long off = 0;
            int n;
            while ((n = v.read(fh, off, buf.clear())) > 0) {
                out.write(buf.array(), 0, n);
                off += n;
            }
            return out.toByteArray();
        } finally {
            v.release(fh);
        }
    }

    static List<String> names(Vfs v, String path) throws FsException {
        long dh = v.opendir(ROOT, path);
        try {
            return v.readdir(dh).stream().map(DirEntry::name).filter(n -> !n.equals(".") && !n.equals(".."))
                    .sorted().toList();
        } finally {
            v.releasedir(dh);
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** A small tree with everything metadata holds: modes, a hard link, a symlink, xattrs, inline and stored files. */
    static void tree(Vfs v) throws FsException {
        v.mkdir(ROOT, "/d", 0750);
        v.mkdir(ROOT, "/d/e", 0700);
        write(v, "/d/small", "small".getBytes(StandardCharsets.UTF_8), false);
        write(v, "/d/e/big", bytes(300_000, 1), false);
        v.chown(ROOT, "/d/small", 1234, 5678);
        v.chmod(ROOT, "/d/small", 04755);
        v.link(ROOT, "/d/small", "/d/hard");
        v.symlink(ROOT, "e/big", "/d/sym");
        v.setxattr(ROOT, "/d/small", "user.note", new byte[] {0, 1, 2, (byte) 255}, XattrMode.CREATE);
    }

    static void checkTree(Vfs v) throws FsException {
        assertEquals(List.of("e", "hard", "small", "sym"), names(v, "/d"));
        assertArrayEquals("small".getBytes(StandardCharsets.UTF_8), read(v, "/d/hard"));
        assertArrayEquals(bytes(300_000, 1), read(v, "/d/e/big"));
        Inode small = v.getattr(ROOT, "/d/small");
        assertEquals(04755, small.perm());
        assertEquals(1234, small.uid());
        assertEquals(5678, small.gid());
        assertEquals(2, small.nlink());
        assertEquals(small.ino(), v.getattr(ROOT, "/d/hard").ino());
        assertEquals("e/big", v.readlink(ROOT, "/d/sym"));
        assertEquals(0700, v.getattr(ROOT, "/d/e").perm());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, v.getxattr(ROOT, "/d/small", "user.note"));
    }

    /** Every journaled table, for comparing two copies of the metadata. */
    static Map<String, String> dump(Path metaDir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (MetaStore m = MetaStore.open(metaDir)) {
            m.read(v -> {
                for (Table t : Table.values()) {
                    if (t.journaled()) {
                        v.scan(t, new byte[0], null, (k, val) -> {
                            out.put(t + ":" + HexFormat.of().formatHex(k), HexFormat.of().formatHex(val));
                            return true;
                        });
                    }
                }
                return null;
            });
        }
        return out;
    }

    /** Table for table the same metadata; on a difference, names the first few keys (not megabytes of hex). */
    static void assertSame(Map<String, String> expected, Map<String, String> actual) {
        List<String> diff = new ArrayList<>();
        for (String k : expected.keySet()) {
            if (!expected.get(k).equals(actual.get(k))) {
                diff.add(k + (actual.containsKey(k) ? " differs" : " missing"));
            }
        }
        for (String k : actual.keySet()) {
            if (!expected.containsKey(k)) {
                diff.add(k + " extra");
            }
        }
        assertEquals(List.of(), diff.subList(0, Math.min(10, diff.size())), "metadata rebuilt from the nodes");
    }

    Stored superblock() throws Exception {
        return new SuperblockStore(client, keys, 20_000).fetch().orElseThrow();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aNewHomeWithTheSameMnemonicSeesTheSameMetadata() throws Exception {
        Path h1 = dir.resolve("h1");
        MountSession a = mount(h1);
        tree(a.vfs());
        a.close();
        Stored sb = superblock();
        assertNull(sb.superblock().lease(), "the lease is released at unmount");
        assertEquals(new FsShape(4, 2, 2, 64 * 1024, 16 * 1024, 0, 4096), sb.superblock().shape());

        Path h2 = dir.resolve("h2");
        mount(h2).close();
        assertSame(dump(h1.resolve("meta")), dump(h2.resolve("meta")));
        MountSession b = mount(h2);
        checkTree(b.vfs());
    }

    @Test
    void fsyncShipsTheTailInlineThenJournalObjectsThenACheckpoint() throws Exception {
        SyncConfig s = sync().withTailBudget(8 * 1024).withCheckpointBytes(200 * 1024)
                .withShipInterval(Duration.ofHours(1));
        MountSession a = mount(dir.resolve("h1"), keys, s, false);
        Shipper shipper = a.shipper().orElseThrow();
        write(a.vfs(), "/one", "1".getBytes(StandardCharsets.UTF_8), true);
        Superblock sb = shipper.held().superblock();
        assertTrue(sb.journal().isEmpty() && !sb.tail().isEmpty(), "a small fsync travels in the superblock alone");
        assertEquals(a.metadata().lastSeq(), sb.metaSeq());
        assertEquals(sb.metaSeq(), superblock().superblock().metaSeq(), "what the nodes hold");

        write(a.vfs(), "/four-k", bytes(4000, 2), true);
        write(a.vfs(), "/four-k-2", bytes(4000, 3), true);
        write(a.vfs(), "/four-k-3", bytes(4000, 4), true);
        sb = shipper.held().superblock();
        assertFalse(sb.journal().isEmpty(), "inline data past the tail budget goes into a journal object");
        ObjectRef firstJournal = sb.journal().getFirst();

        for (int i = 0; i < 60; i++) {
            write(a.vfs(), "/f" + i, bytes(4000, 10 + i), true);
        }
        sb = shipper.held().superblock();
        assertNotNull(sb.checkpoint(), "journal objects past 200 KiB make a checkpoint");
        // The journal object the checkpoint superseded is deleted from the nodes.
        ObjectStore objects = ObjectStore.of(((dcfs.vfs.store.NetworkStripeStore) a.store()));
        assertThrows(StripeNotFoundException.class, () -> objects.get(firstJournal.stripe(0)));
        a.close();

        mount(dir.resolve("h2"), keys, s, false).close();
        assertSame(dump(dir.resolve("h1/meta")), dump(dir.resolve("h2/meta")));
        MountSession b = mount(dir.resolve("h2"), keys, s, false);
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(bytes(4000, 10 + i), read(b.vfs(), "/f" + i));
        }
        assertArrayEquals(bytes(4000, 3), read(b.vfs(), "/four-k-2"));
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolderAndReadOnlyMountsShare() throws Exception {
        MountSession a = mount(dir.resolve("h1"));
        write(a.vfs(), "/shared", "v1".getBytes(StandardCharsets.UTF_8), true);
        MountRefusedException e = assertThrows(MountRefusedException.class, () -> mount(dir.resolve("h2")));
        String holder = Lease.thisHost() + ":" + dir.resolve("h1").toAbsolutePath() + " (pid "
                + ProcessHandle.current().pid() + ")";
        assertTrue(e.getMessage().matches("filesystem [0-9a-f]{8}… is mounted read-write by \\Q" + holder
                + "\\E until \\d\\d:\\d\\d:\\d\\d; mount with -o ro, or wait for the lease to expire"), e.getMessage());

        MountSession ro = mount(dir.resolve("h2"), keys, sync(), true);
        assertArrayEquals("v1".getBytes(StandardCharsets.UTF_8), read(ro.vfs(), "/shared"));
        assertEquals(Errno.EROFS, assertThrows(FsException.class, () -> ro.vfs().mkdir(ROOT, "/x", 0755)).errno());
        MountSession ro2 = mount(dir.resolve("h3"), keys, sync(), true);
        assertArrayEquals("v1".getBytes(StandardCharsets.UTF_8), read(ro2.vfs(), "/shared"));
        ro.close();
        ro2.close();
        assertFalse(Files.exists(dir.resolve("h2/run/ro")) && Files.list(dir.resolve("h2/run/ro")).findAny().isPresent(),
                "the read-only snapshot is removed at unmount");
        a.close();
        // Released: now the other home may write.
        MountSession b = mount(dir.resolve("h2"));
        assertArrayEquals("v1".getBytes(StandardCharsets.UTF_8), read(b.vfs(), "/shared"));
    }

    @Test
    void aCrashedWritersLeaseExpiresAndEverythingFsyncedIsThere() throws Exception {
        SyncConfig s = sync().withLease(Duration.ofMillis(1500)).withShipInterval(Duration.ofHours(1));
        MountSession a = mount(dir.resolve("h1"), keys, s, false);
        write(a.vfs(), "/synced", bytes(100_000, 7), true);
        write(a.vfs(), "/not-synced", bytes(100, 8), false);
        a.abandon(); // kill -9: no more ships, the lease stays
        MountRefusedException held = assertThrows(MountRefusedException.class,
                () -> mount(dir.resolve("h2"), keys, s, false));
        assertTrue(held.getMessage().contains("is mounted read-write by"), held.getMessage());
        Thread.sleep(1600);
        MountSession b = mount(dir.resolve("h2"), keys, s, false);
        assertArrayEquals(bytes(100_000, 7), read(b.vfs(), "/synced"));
        assertTrue(b.vfs().getattr(ROOT, "/").nlink() >= 2, "the tree is consistent");
        b.close();
    }

    @Test
    void theSameHomeAfterACrashShipsWhatWasLeftAndGoesOn() throws Exception {
        SyncConfig s = sync().withLease(Duration.ofMillis(800)).withShipInterval(Duration.ofHours(1));
        Path h1 = dir.resolve("h1");
        MountSession a = mount(h1, keys, s, false);
        write(a.vfs(), "/synced", bytes(10, 1), true);
        write(a.vfs(), "/later", bytes(10, 2), false);
        long local = a.metadata().lastSeq();
        a.abandon();
        assertTrue(superblock().superblock().metaSeq() < local, "the crash left transactions unshipped");
        Thread.sleep(900);
        MountSession again = mount(h1, keys, s, false);
        assertArrayEquals(bytes(10, 2), read(again.vfs(), "/later"), "the local copy goes on where it was");
        again.close();
        assertTrue(superblock().superblock().metaSeq() >= local, "and the nodes got what the crash left");
        MountSession other = mount(dir.resolve("h2"), keys, s, false);
        assertArrayEquals(bytes(10, 2), read(other.vfs(), "/later"));
    }

    @Test
    void aMountThatLostItsLeaseCanNoLongerFsync() throws Exception {
        MountSession a = mount(dir.resolve("h1"));
        write(a.vfs(), "/x", bytes(10, 1), true);
        // Another mount takes the lease over (as after an expiry): a newer superblock, another holder.
        Stored cur = superblock();
        Lease thief = new Lease(RandomId.random(), "elsewhere", "/other/home", 99, 0, System.currentTimeMillis() + 60_000);
        new SuperblockStore(client, keys, 20_000).write(cur.recordSeq() + 10, cur.superblock().withLease(thief, 0));
        FsException e = assertThrows(FsException.class, () -> write(a.vfs(), "/y", bytes(10, 2), true));
        assertEquals(Errno.EIO, e.errno());
        assertTrue(e.getMessage().contains("lost the lease") && e.getMessage().contains("elsewhere:/other/home"),
                e.getMessage());
        a.abandon();
    }

    @Test
    void anotherMnemonicSeesAnEmptyFilesystemOfItsOwn() throws Exception {
        MountSession a = mount(dir.resolve("h1"));
        tree(a.vfs());
        a.close();
        try (KeyTree other = randomKeys()) {
            MountSession b = mount(dir.resolve("h2"), other, sync(), false);
            assertEquals(List.of(), names(b.vfs(), "/"));
            b.close();
            assertTrue(new SuperblockStore(client, other, 20_000).fetch().isPresent(), "a superblock of its own");
        }
    }

    @Test
    void localMetadataOfAnotherIdentityIsRefused() throws Exception {
        Path h = dir.resolve("h1");
        mount(h).close();
        try (KeyTree other = randomKeys()) {
            MountRefusedException e = assertThrows(MountRefusedException.class, () -> mount(h, other, sync(), false));
            assertTrue(e.getMessage().contains("belongs to the filesystem of identity " + keys.identity().fingerprint()
                    + ", not to this keyring's identity " + other.identity().fingerprint()), e.getMessage());
        }
    }
}
