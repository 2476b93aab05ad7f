package dcfs.vfs;

import static dcfs.vfs.FsAssertions.assertErrno;
import static dcfs.vfs.VfsFixture.ROOT;
import static dcfs.vfs.VfsFixture.STRIPE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.vfs.store.FaultyStripeStore;
import dcfs.vfs.store.InMemoryStripeStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class VfsFailureAndLoadTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteBackIsReportedByTheNextFsyncAndTheDataIsKept() throws Exception {
        FaultyStripeStore store = new FaultyStripeStore(new InMemoryStripeStore());
        try (VfsFixture fx = new VfsFixture(dir, store, VfsFixture.smallConfig())) {
            Vfs vfs = fx.vfs;
            Opened o = vfs.create(ROOT, "/f", 0644, OpenFlags.O_RDWR);
            byte[] data = new byte[3 * STRIPE];
            new Random(1).nextBytes(data);
            store.failPuts.set(true);
            vfs.write(ROOT, o.handle(), 0, ByteBuffer.wrap(data)); // full stripes go out and fail in the background
            assertErrno(Errno.EIO, () -> vfs.fsync(o.handle(), false));
            store.failPuts.set(false);
            vfs.fsync(o.handle(), false); // retried; the error was reported once
            vfs.release(o.handle());
            assertArrayEquals(data, fx.read("/f"));
            fx.remount();
            assertArrayEquals(data, fx.read("/f"));
        }
    }

    @Test
    void closeReportsWriteBackFailureAndNoSpaceIsEnospc() throws Exception {
        FaultyStripeStore store = new FaultyStripeStore(new InMemoryStripeStore());
        try (VfsFixture fx = new VfsFixture(dir, store, VfsFixture.smallConfig())) {
            Vfs vfs = fx.vfs;
            Opened o = vfs.create(ROOT, "/f", 0644, OpenFlags.O_RDWR);
            store.failPuts.set(true);
            store.noSpace.set(true);
            vfs.write(ROOT, o.handle(), 0, ByteBuffer.wrap(new byte[STRIPE / 2]));
            assertErrno(Errno.ENOSPC, () -> vfs.flush(o.handle()));
            store.failPuts.set(false);
            vfs.flush(o.handle());
            vfs.release(o.handle());
        }
    }

    @Test
    void corruptStripesReadAsEio() throws Exception {
        FaultyStripeStore store = new FaultyStripeStore(new InMemoryStripeStore());
        try (VfsFixture fx = new VfsFixture(dir, store, VfsFixture.smallConfig())) {
            fx.write("/f", new byte[2 * STRIPE]);
            fx.remount();
            store.failGets.set(true);
            assertErrno(Errno.EIO, () -> fx.read("/f"));
            store.failGets.set(false);
            assertEquals(2 * STRIPE, fx.read("/f").length);
        }
    }

    @Test
    void memoryStaysWithinTheBudgetWhileABigFileIsWrittenAndRead() throws Exception {
        VfsConfig cfg = VfsFixture.smallConfig(); // budget 16 stripes
        try (VfsFixture fx = new VfsFixture(dir, new InMemoryStripeStore(), cfg)) {
            Vfs vfs = fx.vfs;
            Opened o = vfs.create(ROOT, "/big", 0644, OpenFlags.O_RDWR);
            MessageDigest in = MessageDigest.getInstance("SHA-256");
            Random r = new Random(3);
            byte[] chunk = new byte[32 * 1024];
            long total = 200L * STRIPE;
            for (long off = 0; off < total; off += chunk.length) {
                r.nextBytes(chunk);
                in.update(chunk);
                vfs.write(ROOT, o.handle(), off, ByteBuffer.wrap(chunk));
            }
            vfs.release(o.handle());
            MessageDigest out = MessageDigest.getInstance("SHA-256");
            long fh = vfs.open(ROOT, "/big", OpenFlags.O_RDONLY);
            ByteBuffer buf = ByteBuffer.allocate(128 * 1024);
            long off = 0;
            int n;
            while ((n = vfs.read(fh, off, buf.clear())) > 0) {
                out.update(buf.array(), 0, n);
                off += n;
            }
            vfs.release(fh);
            assertEquals(total, off);
            assertArrayEquals(in.digest(), out.digest());
            assertTrue(vfs.cachePeak() <= cfg.cacheBytes(), "peak " + vfs.cachePeak() + " > " + cfg.cacheBytes());
            assertEquals(0, vfs.cacheUsed(), "closing frees the file's cache");
        }
    }

    @Test
    void concurrentWritersReadersAndAppenders() throws Exception {
        VfsConfig cfg = VfsFixture.smallConfig().withWriteBackDelay(Duration.ofMillis(20));
        try (VfsFixture fx = new VfsFixture(dir, new InMemoryStripeStore(), cfg)) {
            Vfs vfs = fx.vfs;
            fx.write("/log", new byte[0]);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<byte[]>> files = new ArrayList<>();
            try {
                for (int t = 0; t < 4; t++) {
                    int id = t;
                    files.add(pool.submit(() -> {
                        byte[] data = new byte[5 * STRIPE + id * 1000];
                        new Random(id).nextBytes(data);
                        fx.write("/f" + id, data);
                        for (int k = 0; k < 3; k++) {
                            assertArrayEquals(data, fx.read("/f" + id));
                        }
                        return data;
                    }));
                }
                List<Future<?>> appenders = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    byte mark = (byte) ('a' + t);
                    appenders.add(pool.submit(() -> {
                        long fh = vfs.open(ROOT, "/log", OpenFlags.O_WRONLY | OpenFlags.O_APPEND);
                        byte[] rec = new byte[100];
                        java.util.Arrays.fill(rec, mark);
                        for (int i = 0; i < 200; i++) {
                            vfs.write(ROOT, fh, 0, ByteBuffer.wrap(rec));
                        }
                        vfs.release(fh);
                        return null;
                    }));
                }
                for (Future<byte[]> f : files) {
                    f.get();
                }
                for (Future<?> a : appenders) {
                    a.get();
                }
            } finally {
                pool.shutdownNow();
            }
            byte[] log = fx.read("/log");
            assertEquals(2 * 200 * 100, log.length);
            for (int i = 0; i < log.length; i += 100) {
                for (int j = 1; j < 100; j++) {
                    assertEquals(log[i], log[i + j], "records are whole (no torn appends)");
                }
            }
        }
    }
}
