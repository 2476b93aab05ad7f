package dcfs.fsmount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The low-level mount's own channel asks the kernel for 1 MiB requests (FUSE_MAX_PAGES) and, as
 * root, sets the mount's read-ahead to 1 MiB: a file written and read in 1 MiB calls moves in
 * 1 MiB requests, and its bytes come back intact (docs/fs-mount.md, "1 MiB requests").
 */
class FuseRequestSizeTest {

    @Test
    void oneMebibyteCallsTravelAsOneMebibyteRequests() throws Exception {
        try (MountFixture fx = new MountFixture()) {
            FuseChannel channel = fx.running.channel().orElseThrow();
            assumeTrue(channel.kernelOffersLargeRequests(), "this kernel does not offer FUSE_MAX_PAGES (Linux < 4.20)");
            assertTrue(channel.widened(), "the INIT reply asked for max_pages 256");
            int mib = 1 << 20;
            byte[] data = new byte[5 * mib + 12_345];
            new SplittableRandom(7).nextBytes(data);
            Path f = fx.p("big");
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int at = 0; at < data.length; at += mib) {
                    ByteBuffer b = ByteBuffer.wrap(data, at, Math.min(mib, data.length - at));
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                ch.force(true);
            }
            assertEquals(mib, channel.largestWrite(), "the largest write request");
            // The kernel keeps written pages cached: drop them so that the reads reach the mount.
            dropCaches();
            byte[] back = new byte[data.length];
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.wrap(back);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // 1 MiB at most per call: the buffer's remaining bytes
                }
            }
            assertArrayEquals(data, back);
            assertEquals(mib, channel.largestRead(), "the largest read request");
            if (isRoot()) {
                String dev = MountTable.find(fx.mnt).orElseThrow().device();
                assertEquals("1024", Files.readString(Path.of("/sys/class/bdi", dev, "read_ahead_kb")).trim());
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void dropCaches() throws Exception {
        Path knob = Path.of("/proc/sys/vm/drop_caches");
        if (isRoot() && Files.isWritable(knob)) {
            Files.writeString(knob, "3");
        }
    }
}
