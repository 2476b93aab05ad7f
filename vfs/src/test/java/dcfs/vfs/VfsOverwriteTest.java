package dcfs.vfs;

import static dcfs.vfs.VfsFixture.ROOT;
import static dcfs.vfs.VfsFixture.STRIPE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.vfs.store.ForwardingStripeStore;
import dcfs.vfs.store.InMemoryStripeStore;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StripeKey;
import dcfs.vfs.store.StripeStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overwriting stored stripes: a write from a stripe's start defers reading the stripe it replaces
 * (CachedStripe.base), so a sequential overwrite reads nothing back, while every other access —
 * reads, writes further on, truncates, the background flush — still sees the stored bytes.
 */
class VfsOverwriteTest {
    @TempDir
    Path dir;
    final Random random = new Random(3);

    /** Counts the store's reads (whole stripes and ranges) and writes. */
    static final class CountingStore extends ForwardingStripeStore {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger puts = new AtomicInteger();

        CountingStore(StripeStore inner) {
            super(inner);
        }

        @Override
        public byte[] get(StripeKey key) throws StoreException {
            reads.incrementAndGet();
            return super.get(key);
        }

        @Override
        public byte[] get(StripeKey key, int offset, int length) throws StoreException {
            reads.incrementAndGet();
            return super.get(key, offset, length);
        }

        @Override
        public void put(StripeKey key, byte[] data, int off, int len) throws StoreException {
            puts.incrementAndGet();
            super.put(key, data, off, len);
        }
    }

    @Test
    void aSequentialOverwriteReadsNothingBack() throws Exception {
        CountingStore store = new CountingStore(new InMemoryStripeStore());
        try (VfsFixture fx = new VfsFixture(dir, store, VfsFixture.smallConfig())) {
            byte[] old = bytes(3 * STRIPE + 500);
            fx.write("/f", old);
            fx.remount(); // nothing cached: every stripe is only in the store
            byte[] now = bytes(old.length);
            int readsBefore = store.reads.get();
            long fh = fx.vfs.open(ROOT, "/f", OpenFlags.O_WRONLY);
            for (int off = 0; off < now.length; off += STRIPE / 4) {
                fx.vfs.write(ROOT, fh, off, ByteBuffer.wrap(now, off, Math.min(STRIPE / 4, now.length - off)));
            }
            fx.vfs.release(fh);
            assertEquals(readsBefore, store.reads.get(), "an overwrite in order read none of the stripes it replaced");
            assertArrayEquals(now, fx.read("/f"));
            fx.remount();
            assertArrayEquals(now, fx.read("/f"));
        }
    }

    @Test
    void aPartlyOverwrittenStripeShowsTheStoredBytesAroundTheNewOnes() throws Exception {
        CountingStore store = new CountingStore(new InMemoryStripeStore());
        try (VfsFixture fx = new VfsFixture(dir, store, VfsFixture.smallConfig())) {
            byte[] data = bytes(3 * STRIPE);
            fx.write("/f", data);
            fx.remount();
            long fh = fx.vfs.open(ROOT, "/f", OpenFlags.O_RDWR);
            // Stripe 1: a prefix written; the rest is still the store's.
            patch(fx, fh, data, STRIPE, 100);
            assertArrayEquals(Arrays.copyOfRange(data, STRIPE + 50, STRIPE + 4000), readAt(fx, fh, STRIPE + 50, 3950),
                    "new prefix, then stored bytes");
            assertArrayEquals(Arrays.copyOfRange(data, STRIPE + 200, STRIPE + 300), readAt(fx, fh, STRIPE + 200, 100),
                    "stored bytes alone");
            // A write further on in that stripe needs the stored bytes before it: they are loaded.
            patch(fx, fh, data, STRIPE + 1000, 100);
            assertArrayEquals(Arrays.copyOfRange(data, STRIPE, 2 * STRIPE), readAt(fx, fh, STRIPE, STRIPE));
            // Stripe 2: a prefix written, then the file cut inside the stored part and grown again:
            // the cut-off stored bytes must not come back.
            patch(fx, fh, data, 2 * STRIPE, 100);
            fx.vfs.ftruncate(fh, 2 * STRIPE + 500);
            fx.vfs.ftruncate(fh, 3 * STRIPE);
            Arrays.fill(data, 2 * STRIPE + 500, 3 * STRIPE, (byte) 0);
            assertArrayEquals(data, readAt(fx, fh, 0, data.length));
            fx.vfs.release(fh);
            assertArrayEquals(data, fx.read("/f"));
            fx.remount();
            assertArrayEquals(data, fx.read("/f"));
        }
    }

    @Test
    void theBackgroundFlushLoadsAndWritesBackAStripeLeftPartlyOverwritten() throws Exception {
        CountingStore store = new CountingStore(new InMemoryStripeStore());
        try (VfsFixture fx = new VfsFixture(dir, store, VfsFixture.smallConfig())) {
            byte[] data = bytes(2 * STRIPE);
            fx.write("/f", data);
            fx.remount();
            int putsBefore = store.puts.get();
            long fh = fx.vfs.open(ROOT, "/f", OpenFlags.O_RDWR);
            patch(fx, fh, data, 0, 100);
            // The write-back delay is 200 ms: the flusher loads the stored rest, then writes the stripe.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (store.puts.get() == putsBefore && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(store.puts.get() > putsBefore, "the flusher wrote the stripe back within 10 s");
            Thread.sleep(300); // its metadata commit follows the put
            fx.crashAndRemount(); // no close, no flush: only what the flusher did survives
            assertArrayEquals(data, fx.read("/f"));
        }
    }

    private void patch(VfsFixture fx, long fh, byte[] model, int at, int n) throws Exception {
        byte[] p = bytes(n);
        fx.vfs.write(ROOT, fh, at, ByteBuffer.wrap(p));
        System.arraycopy(p, 0, model, at, n);
    }

    private static byte[] readAt(VfsFixture fx, long fh, long off, int n) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(n);
        while (dst.hasRemaining()) {
            if (fx.vfs.read(fh, off + dst.position(), dst) == 0) {
                break;
            }
        }
        return Arrays.copyOf(dst.array(), dst.position());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
