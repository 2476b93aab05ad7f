package dcfs.fstests.mnemonic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.fstests.apps.SourceTree;
import dcfs.fstests.apps.TreeSnapshot;
import dcfs.fstests.mount.ChildProcess;
import dcfs.fstests.mount.DcfsHome;
import dcfs.fstests.mount.DcfsNodes;
import dcfs.fstests.mount.FuseMount;
import dcfs.fstests.mount.MountMode;
import dcfs.keyring.bip39.Mnemonic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mnemonic is the only secret: through real mounts (the launcher, FUSE) of homes that share
 * six node processes of a {@code dcfs cluster start} cluster, a new home restored from the same
 * words sees the same tree — also with two nodes dead — another mnemonic sees nothing of it, one
 * writer at a time holds the lease while read-only mounts share, kill -9 loses nothing that was
 * fsync'd, and {@code dcfs recover} brings the tree back from the node stores.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class MnemonicTest {
    private static final SourceTree.Shape TREE = Boolean.getBoolean("dcfs.long") ? SourceTree.Shape.DEFAULT
            : new SourceTree.Shape(12, 150, new int[] {9}, 10, 10);
    private static Path work;
    private static DcfsNodes nodes;

    @BeforeAll
    static void startNodes() throws Exception {
        work = Files.createTempDirectory("dcfs-mnemonic-");
        nodes = DcfsNodes.start(work.resolve("nodes"), 6);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        try {
            if (nodes != null) {
                nodes.close();
            }
        } finally {
            ChildProcess.of("rm", "-rf", "--one-file-system", work.toString()).run();
        }
    }

    static String newMnemonic() {
        try (Mnemonic m = Mnemonic.generate()) {
            return m.sentence();
        }
    }

    /** Sets a few extended attributes in the tree (user namespace: any uid may, any copy keeps them). */
    static void tagSomeFiles(Path tree) throws IOException {
        try (Stream<Path> s = Files.walk(tree)) {
            int i = 0;
            for (Path p : s.sorted().toList()) {
                if (Files.isSymbolicLink(p) || i++ % 7 != 0) {
                    continue;
                }
                UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
                v.write("dcfs.name", StandardCharsets.UTF_8.encode(p.getFileName().toString()));
                v.write("dcfs.bytes", ByteBuffer.wrap(new byte[] {0, 1, (byte) 255, (byte) i}));
            }
        }
    }

    /** Every user xattr in the tree, path → name → hex value. */
    static Map<String, Map<String, String>> xattrs(Path tree) throws IOException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
                Map<String, String> attrs = new TreeMap<>();
                for (String n : v.list()) {
                    ByteBuffer b = ByteBuffer.allocate(v.size(n));
                    v.read(n, b);
                    attrs.put(n, java.util.HexFormat.of().formatHex(b.array()));
                }
                if (!attrs.isEmpty()) {
                    out.put(tree.relativize(p).toString(), attrs);
                }
            }
        }
        return out;
    }

    /** Writes {@code data} and fsyncs it: what an fsync returned for must survive anything. */
    static void writeSynced(Path p, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(data));
            ch.force(true);
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aHomeRestoredFromTheMnemonicSeesTheTreeAlsoWithTwoNodesDead() throws Exception {
        String words = newMnemonic();
        Path base = work.resolve("restore");
        DcfsHome h1 = DcfsHome.restore(base.resolve("h1"), words, nodes);
        TreeSnapshot before;
        Map<String, Map<String, String>> attrsBefore;
        try (FuseMount m = h1.mountAt(base.resolve("mnt1"))) {
            m.mount(MountMode.READ_WRITE);
            Path tree = SourceTree.create(m.root().resolve("tree"), TREE, 42);
            tagSomeFiles(tree);
            before = TreeSnapshot.of(tree);
            attrsBefore = xattrs(tree);
        }
        try {
            nodes.kill(2);
            nodes.kill(5);
            DcfsHome h2 = DcfsHome.restore(base.resolve("h2"), words, nodes);
            try (FuseMount m = h2.mountAt(base.resolve("mnt2"))) {
                m.mount(MountMode.READ_WRITE);
                Path tree = m.root().resolve("tree");
                assertEquals(List.of(), before.differences(TreeSnapshot.of(tree), TreeSnapshot.Fields.ALL, 20),
                        "the tree through a home restored from the mnemonic, two of six nodes dead");
                assertEquals(attrsBefore, xattrs(tree));
            }
            DcfsHome stranger = DcfsHome.restore(base.resolve("h3"), newMnemonic(), nodes);
            try (FuseMount m = stranger.mountAt(base.resolve("mnt3"))) {
                m.mount(MountMode.READ_WRITE);
                assertEquals(List.of(), names(m.root()), "another mnemonic sees an empty filesystem of its own");
            }
        } finally {
            nodes.restart();
        }
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolderWhileReadOnlyMountsShare() throws Exception {
        String words = newMnemonic();
        Path base = work.resolve("lease");
        DcfsHome h1 = DcfsHome.restore(base.resolve("h1"), words, nodes);
        DcfsHome h2 = DcfsHome.restore(base.resolve("h2"), words, nodes);
        try (FuseMount writer = h1.mountAt(base.resolve("mnt1"))) {
            writer.mount(MountMode.READ_WRITE);
            writeSynced(writer.root().resolve("shared"), "from h1".getBytes(StandardCharsets.UTF_8));
            long pid = writer.serverPid().orElseThrow();

            ChildProcess.Result refused = h2.mountCommand(base.resolve("mnt2"));
            assertEquals(1, refused.exitCode(), refused.describe());
            String line = refused.stderr().strip();
            assertFalse(line.contains("\n"), "one line: " + line);
            String holder = hostname() + ":" + h1.dir().toAbsolutePath() + " (pid " + pid + ")";
            assertTrue(line.matches("dcfs mount: filesystem [0-9a-f]{8}… is mounted read-write by \\Q" + holder
                    + "\\E until \\d\\d:\\d\\d:\\d\\d; mount with -o ro, or wait for the lease to expire"), line);

            try (FuseMount reader = h2.mountAt(base.resolve("mnt2"))) {
                reader.mount(MountMode.READ_ONLY);
                assertEquals("from h1", Files.readString(reader.root().resolve("shared")));
                assertThrows(IOException.class, () -> Files.writeString(reader.root().resolve("x"), "no"));
                // The writer goes on while the reader looks at its snapshot.
                writeSynced(writer.root().resolve("later"), "later".getBytes(StandardCharsets.UTF_8));
                assertEquals("later", Files.readString(writer.root().resolve("later")));
            }
        }
        // The writer unmounted: its lease is released, and the other home may write.
        try (FuseMount m = h2.mountAt(base.resolve("mnt2"))) {
            m.mount(MountMode.READ_WRITE);
            assertEquals("later", Files.readString(m.root().resolve("later")));
            Files.writeString(m.root().resolve("from-h2"), "ok");
        }
    }

    @Test
    void killNineThenMountAgainKeepsEverythingFsynced() throws Exception {
        String words = newMnemonic();
        Path base = work.resolve("kill");
        DcfsHome h1 = DcfsHome.restore(base.resolve("h1"), words, nodes);
        byte[] big = random(9 << 20, 7);
        try (FuseMount m = h1.mountAt(base.resolve("mnt1"))) {
            m.mount(MountMode.READ_WRITE);
            Path root = m.root();
            Files.createDirectories(root.resolve("dir/sub"));
            writeSynced(root.resolve("dir/sub/big"), big);
            writeSynced(root.resolve("dir/small"), "small".getBytes(StandardCharsets.UTF_8));
            Files.move(root.resolve("dir/small"), root.resolve("dir/renamed"));
            Files.createSymbolicLink(root.resolve("dir/link"), Path.of("sub/big"));
            try (FileChannel d = FileChannel.open(root.resolve("dir"), StandardOpenOption.READ)) {
                d.force(true); // fsync of the directory: the rename and the link are durable
            }
            Files.writeString(root.resolve("dir/not-synced"), "may be lost");

            ProcessHandle server = ProcessHandle.of(m.serverPid().orElseThrow()).orElseThrow();
            server.destroyForcibly();
            server.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(m.reviveIfDead().isPresent(), "mounted again after kill -9");

            assertArrayEquals(big, Files.readAllBytes(root.resolve("dir/sub/big")));
            assertEquals("small", Files.readString(root.resolve("dir/renamed")));
            assertFalse(Files.exists(root.resolve("dir/small")));
            assertEquals("sub/big", Files.readSymbolicLink(root.resolve("dir/link")).toString());
            // Consistent: every name resolves, and the tree takes new changes.
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.toList()) {
                    Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
                }
            }
            Files.writeString(root.resolve("dir/after"), "after the crash");
        }
        DcfsHome h2 = DcfsHome.restore(base.resolve("h2"), words, nodes);
        try (FuseMount m = h2.mountAt(base.resolve("mnt2"))) {
            m.mount(MountMode.READ_WRITE);
            assertArrayEquals(big, Files.readAllBytes(m.root().resolve("dir/sub/big")));
            assertEquals("after the crash", Files.readString(m.root().resolve("dir/after")));
        }
    }

    @Test
    void recoverFromTheNodeStoresReproducesTheTreeByteForByte() throws Exception {
        String words = newMnemonic();
        Path base = work.resolve("recover");
        DcfsHome h1 = DcfsHome.restore(base.resolve("h1"), words, nodes);
        TreeSnapshot before;
        Map<String, Map<String, String>> attrsBefore;
        try (FuseMount m = h1.mountAt(base.resolve("mnt1"))) {
            m.mount(MountMode.READ_WRITE);
            Path tree = SourceTree.create(m.root().resolve("tree"), TREE, 7);
            tagSomeFiles(tree);
            before = TreeSnapshot.of(tree);
            attrsBefore = xattrs(tree);
        }
        DcfsHome h2 = DcfsHome.restore(base.resolve("h2"), words, nodes);
        Path out = base.resolve("out");
        ChildProcess.Result r = h2.recover(out);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().startsWith("recovered "), r.stdout());
        assertTrue(r.stdout().contains(" 0 lost"), r.stdout());
        assertTrue(r.stderr().contains("recover: superblock "), r.stderr());
        assertEquals(List.of(), before.differences(TreeSnapshot.of(out.resolve("tree")), TreeSnapshot.Fields.ALL, 20));
        assertEquals(attrsBefore, xattrs(out.resolve("tree")));
        ChildProcess.Result again = h2.recover(out);
        assertEquals(1, again.exitCode());
        assertTrue(again.stderr().strip().endsWith("is not empty: recover into an empty or new directory"),
                again.stderr());
    }

    static String hostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }
}
