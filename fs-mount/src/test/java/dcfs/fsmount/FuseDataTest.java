package dcfs.fsmount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** File contents through a real mount: the cases applications rely on. */
@Timeout(300)
class FuseDataTest {
    static MountFixture m;
    Path d;

    @BeforeAll
    static void mount() throws Exception {
        m = new MountFixture();
    }

    @AfterAll
    static void unmount() throws Exception {
        if (m != null) {
            m.close();
        }
    }

    @BeforeEach
    void dir(TestInfo info) throws Exception {
        d = Files.createDirectory(m.p(info.getTestMethod().orElseThrow().getName()));
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void unlinkedButOpenFilesKeepWorking() throws Exception {
        Path f = d.resolve("tmp");
        byte[] data = random(5 << 20, 1);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(data));
            Files.delete(f);
            assertFalse(Files.exists(f));
            try (var s = Files.list(d)) {
                assertEquals(0, s.count(), "no hidden file left behind (hard_remove)");
            }
            ch.write(ByteBuffer.wrap("tail".getBytes()), data.length);
            ch.force(true);
            ByteBuffer back = ByteBuffer.allocate(data.length + 4);
            while (back.hasRemaining() && ch.read(back, back.position()) > 0) {
                // read it all
            }
            assertArrayEquals(data, Arrays.copyOf(back.array(), data.length));
            assertEquals("tail", new String(back.array(), data.length, 4));
            // (fstat of an unlinked file is ENOENT under libfuse 2's high-level API: docs/fs-mount.md)
        }
    }

    @Test
    void sparseFilesReadZerosAndAllocateLittle() throws Exception {
        Path f = d.resolve("sparse");
        long far = 3L << 30;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("end".getBytes()), far);
        }
        assertEquals(far + 3, Files.size(f));
        var st = Probe.stat(Probe.asRoot(Probe.call("stat", f.toString())).getFirst());
        assertTrue(st.get("blocks") * 512 < (8L << 20), "blocks: " + st.get("blocks"));
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            ch.read(b, 1L << 30);
            assertArrayEquals(new byte[1 << 20], b.array());
            b.clear();
            assertEquals(3, ch.read(b, far));
        }
    }

    @Test
    void appendsFromTwoProcessesAreNeitherLostNorTorn() throws Exception {
        Path f = d.resolve("log");
        Files.createFile(f);
        List<Process> writers = new ArrayList<>();
        for (String mark : List.of("A", "B")) {
            String script = "import os\nfd=os.open('" + f + "', os.O_WRONLY|os.O_APPEND)\n"
                    + "for i in range(500): os.write(fd, b'" + mark + "'*99 + b'\\n')\nos.close(fd)\n";
            writers.add(new ProcessBuilder("python3", "-c", script).inheritIO().start());
        }
        for (Process p : writers) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(1000, lines.size());
        for (String l : lines) {
            assertTrue(l.equals("A".repeat(99)) || l.equals("B".repeat(99)), "torn record: " + l);
        }
        assertEquals(500, lines.stream().filter(l -> l.startsWith("A")).count());
    }

    @Test
    void memoryMappedReadsAndWritesAgreeWithReadAndWrite() throws Exception {
        Path f = d.resolve("mapped");
        byte[] data = random(3 << 20, 2);
        Files.write(f, data);
        // mapped through an Arena, so closing it unmaps now (a MappedByteBuffer would keep the
        // mount busy until garbage collection)
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
             Arena arena = Arena.ofConfined()) {
            MemorySegment map = ch.map(FileChannel.MapMode.READ_WRITE, 0, data.length, arena);
            byte[] viaMap = map.toArray(ValueLayout.JAVA_BYTE);
            assertArrayEquals(data, viaMap);
            byte[] patch = random(10_000, 3);
            MemorySegment.copy(patch, 0, map, ValueLayout.JAVA_BYTE, 1_000_000, patch.length);
            map.force();
            System.arraycopy(patch, 0, data, 1_000_000, patch.length);
        }
        assertArrayEquals(data, Files.readAllBytes(f));
        byte[] patch2 = random(5000, 4);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(patch2), 2_000_000);
        }
        System.arraycopy(patch2, 0, data, 2_000_000, patch2.length);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, data.length, arena);
            assertArrayEquals(data, map.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void aLargeFileRoundTripsWithItsChecksum() throws Exception {
        Path f = d.resolve("large");
        MessageDigest in = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        Random r = new Random(5);
        long size = Long.getLong("dcfs.test.largeFileMiB", 256) << 20;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long off = 0; off < size; off += chunk.length) {
                r.nextBytes(chunk);
                in.update(chunk);
                ByteBuffer b = ByteBuffer.wrap(chunk);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(true);
        }
        assertEquals(size, Files.size(f));
        MessageDigest out = MessageDigest.getInstance("SHA-256");
        try (InputStream s = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = s.read(buf)) > 0) {
                out.update(buf, 0, n);
            }
        }
        assertEquals(HexFormat.of().formatHex(in.digest()), HexFormat.of().formatHex(out.digest()));
    }

    @Test
    void cpAndTarRoundTripATree() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) && Files.isExecutable(Path.of("/bin/cp")));
        Path src = Files.createTempDirectory("dcfs-tree");
        try {
            Files.createDirectories(src.resolve("a/b/c"));
            Files.write(src.resolve("a/one.txt"), "one\n".getBytes());
            Files.write(src.resolve("a/b/big.bin"), random(9 << 20, 6));
            Files.write(src.resolve("a/b/c/empty"), new byte[0]);
            Files.createSymbolicLink(src.resolve("a/link"), Path.of("one.txt"));
            Files.createLink(src.resolve("a/hard"), src.resolve("a/one.txt"));
            Files.setPosixFilePermissions(src.resolve("a/one.txt"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
            run("cp", "-a", src.resolve("a").toString(), d.resolve("copy").toString());
            run("diff", "-r", "--no-dereference", src.resolve("a").toString(), d.resolve("copy").toString());
            assertEquals(Files.getAttribute(d.resolve("copy/one.txt"), "unix:ino"),
                    Files.getAttribute(d.resolve("copy/hard"), "unix:ino"), "cp -a kept the hard link");
            assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(d.resolve("copy/one.txt"))));
            Path tar = d.resolve("tree.tar");
            run("tar", "-C", src.toString(), "-cf", tar.toString(), "a");
            Files.createDirectory(d.resolve("untar"));
            run("tar", "-C", d.resolve("untar").toString(), "-xpf", tar.toString());
            run("diff", "-r", "--no-dereference", src.resolve("a").toString(), d.resolve("untar/a").toString());
            Path out = Files.createTempDirectory("dcfs-untar");
            try {
                run("tar", "-C", d.resolve("copy").toString(), "-cf", out.resolve("back.tar").toString(), ".");
                Files.createDirectory(out.resolve("x"));
                run("tar", "-C", out.resolve("x").toString(), "-xpf", out.resolve("back.tar").toString());
                run("diff", "-r", "--no-dereference", src.resolve("a").toString(), out.resolve("x").toString());
            } finally {
                MountFixture.deleteTree(out);
            }
        } finally {
            MountFixture.deleteTree(src);
        }
    }

    @Test
    void fsyncAndRewritesAcrossStripes() throws Exception {
        Path f = d.resolve("rewrite");
        byte[] data = random(10 << 20, 7);
        Files.write(f, data);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            byte[] patch = random(6 << 20, 8);
            ch.write(ByteBuffer.wrap(patch), 3 << 20);
            ch.force(false);
            System.arraycopy(patch, 0, data, 3 << 20, patch.length);
            ch.truncate(7 << 20);
        }
        assertArrayEquals(Arrays.copyOf(data, 7 << 20), Files.readAllBytes(f));
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    }
}
