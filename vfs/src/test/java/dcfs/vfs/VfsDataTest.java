package dcfs.vfs;

import static dcfs.vfs.FsAssertions.assertErrno;
import static dcfs.vfs.VfsFixture.INLINE;
import static dcfs.vfs.VfsFixture.ROOT;
import static dcfs.vfs.VfsFixture.STRIPE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.vfs.data.FileContent;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.store.InMemoryStripeStore;
import dcfs.vfs.store.RecyclingStripeStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VfsDataTest {
    @TempDir
    Path dir;
    VfsFixture fx;
    Vfs vfs;
    final Random random = new Random(7);

    @BeforeEach
    void open() throws Exception {
        fx = new VfsFixture(dir);
        vfs = fx.vfs;
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    InMemoryStripeStore store() {
        return (InMemoryStripeStore) fx.store;
    }

    @Test
    void roundTripAcrossManyStripes() throws Exception {
        byte[] data = bytes(5 * STRIPE + 123);
        Inode a = fx.write("/f", data);
        assertEquals(data.length, a.size());
        assertArrayEquals(data, fx.read("/f"));
        fx.remount();
        assertArrayEquals(data, fx.read("/f"));
        assertEquals(6, store().keys().size());
    }

    @Test
    void recycledStripeBuffersNeverShowTheirOldBytes(@TempDir Path other) throws Exception {
        RecyclingStripeStore recycling = new RecyclingStripeStore(new InMemoryStripeStore());
        try (VfsFixture small = new VfsFixture(other, recycling,
                VfsFixture.smallConfig().withCacheBytes(4L * STRIPE))) {
            Vfs v = small.vfs;
            byte[][] files = new byte[4][];
            for (int i = 0; i < files.length; i++) {
                files[i] = bytes(6 * STRIPE + 999); // more than the cache holds: stripes are evicted
                small.write("/big" + i, files[i]);
            }
            // Holes written into buffers that held other stripes: a write at an offset past the
            // stripe's valid bytes, then one after an extension.
            Opened o = v.create(ROOT, "/holes", 0644, OpenFlags.O_RDWR);
            byte[] expected = new byte[3 * STRIPE];
            for (int s = 0; s < 3; s++) {
                int at = s * STRIPE + 1000 + s;
                v.write(ROOT, o.handle(), at, ByteBuffer.wrap(new byte[]{9, 8, 7}));
                System.arraycopy(new byte[]{9, 8, 7}, 0, expected, at, 3);
            }
            v.ftruncate(o.handle(), 3 * STRIPE);
            v.release(o.handle());
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < files.length; i++) {
                    assertArrayEquals(files[i], small.read("/big" + i), "/big" + i + " round " + round);
                }
                assertArrayEquals(expected, small.read("/holes"), "round " + round);
            }
            v.syncAll();
            small.remount();
            assertArrayEquals(expected, small.read("/holes"));
            assertArrayEquals(files[2], small.read("/big2"));
            assertTrue(recycling.recycled() > 10, "evictions handed buffers back: " + recycling.recycled());
            assertEquals(List.of(), recycling.misuse());
        }
    }

    @Test
    void overwritingPartOfAStoredStripeHandsTheFetchedStripeBack(@TempDir Path other) throws Exception {
        RecyclingStripeStore recycling = new RecyclingStripeStore(new InMemoryStripeStore());
        try (VfsFixture small = new VfsFixture(other, recycling, VfsFixture.smallConfig().withCacheBytes(8L * STRIPE))) {
            assertEquals(8L * STRIPE, recycling.kept(), "the store may keep as many buffers as the cache holds");
            byte[] data = bytes(3 * STRIPE);
            small.write("/f", data);
            small.remount(); // a cold cache: the overwrite reads the stored stripe, then changes it
            long fh = small.vfs.open(ROOT, "/f", OpenFlags.O_RDWR);
            byte[] patch = {1, 2, 3};
            small.vfs.write(ROOT, fh, STRIPE + 100, ByteBuffer.wrap(patch));
            small.vfs.write(ROOT, fh, 2 * STRIPE + 7, ByteBuffer.wrap(patch));
            small.vfs.release(fh);
            System.arraycopy(patch, 0, data, STRIPE + 100, patch.length);
            System.arraycopy(patch, 0, data, 2 * STRIPE + 7, patch.length);
            assertArrayEquals(data, small.read("/f"));
            assertEquals(0, recycling.outstanding(), "every buffer lent, fetched stripes included, came back");
            assertEquals(List.of(), recycling.misuse());
        }
    }

    @Test
    void fallocateGrowsKeepsOrZeroesAndRefusesTheRest() throws Exception {
        byte[] data = bytes(3 * STRIPE);
        fx.write("/f", data);
        long fh = vfs.open(ROOT, "/f", OpenFlags.O_RDWR);
        try {
            vfs.fallocate(ROOT, fh, 0, 0, 10);
            assertEquals(3L * STRIPE, vfs.getattr(ROOT, "/f").size(), "within the file: nothing changes");
            vfs.fallocate(ROOT, fh, FileContent.FALLOC_FL_KEEP_SIZE, 0, 10L * STRIPE);
            assertEquals(3L * STRIPE, vfs.getattr(ROOT, "/f").size(), "KEEP_SIZE: nothing visible changes");
            // A hole across a stripe boundary, then a zeroed range that runs past the end.
            vfs.fallocate(ROOT, fh, FileContent.FALLOC_FL_KEEP_SIZE | FileContent.FALLOC_FL_PUNCH_HOLE,
                    STRIPE - 100, 300);
            Arrays.fill(data, STRIPE - 100, STRIPE + 200, (byte) 0);
            vfs.fallocate(ROOT, fh, FileContent.FALLOC_FL_ZERO_RANGE, 3L * STRIPE - 50, 150);
            data = Arrays.copyOf(data, 3 * STRIPE + 100);
            Arrays.fill(data, 3 * STRIPE - 50, data.length, (byte) 0);
            vfs.fallocate(ROOT, fh, 0, 0, 4L * STRIPE);
            data = Arrays.copyOf(data, 4 * STRIPE);
            assertErrno(Errno.ENOTSUP, () -> vfs.fallocate(ROOT, fh, 0x08, 0, STRIPE)); // collapse
            assertErrno(Errno.ENOTSUP, () -> vfs.fallocate(ROOT, fh, FileContent.FALLOC_FL_PUNCH_HOLE, 0, 10));
            assertErrno(Errno.EINVAL, () -> vfs.fallocate(ROOT, fh, 0, 0, 0));
            assertErrno(Errno.EFBIG, () -> vfs.fallocate(ROOT, fh, 0, FileContent.MAX_FILE_SIZE, 1));
        } finally {
            vfs.release(fh);
        }
        assertArrayEquals(data, fx.read("/f"));
        long ro = vfs.open(ROOT, "/f", OpenFlags.O_RDONLY);
        try {
            assertErrno(Errno.EBADF, () -> vfs.fallocate(ROOT, ro, 0, 0, 10L * STRIPE));
        } finally {
            vfs.release(ro);
        }
        fx.remount();
        assertArrayEquals(data, fx.read("/f"));
    }

    @Test
    void readersRacingEvictionsNeverSeeARecycledBuffer(@TempDir Path other) throws Exception {
        RecyclingStripeStore recycling = new RecyclingStripeStore(new InMemoryStripeStore());
        // Read-ahead on, a 4-stripe cache (the least allowed) for four readers of 5-stripe files:
        // every read evicts what another thread may be copying.
        VfsConfig tight = VfsFixture.smallConfig().withCacheBytes(4L * STRIPE).withReadAhead(2, 3);
        try (VfsFixture fx2 = new VfsFixture(other, recycling, tight)) {
            byte[][] files = new byte[4][];
            for (int i = 0; i < files.length; i++) {
                files[i] = bytes(5 * STRIPE + 77 * i);
                fx2.write("/r" + i, files[i]);
            }
            fx2.vfs.syncAll();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(files.length);
            try {
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int i = 0; i < files.length; i++) {
                    int n = i;
                    done.add(pool.submit(() -> {
                        for (int round = 0; round < 15; round++) {
                            assertArrayEquals(files[n], fx2.read("/r" + n), "/r" + n + " round " + round);
                        }
                        return null;
                    }));
                }
                for (var f : done) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(recycling.recycled() > 100, "buffers went round: " + recycling.recycled());
            assertEquals(List.of(), recycling.misuse());
        }
    }

    @Test
    void aGrowingFirstStripeMovesIntoLentBuffersAndGivesTheOldOnesBack(@TempDir Path other) throws Exception {
        RecyclingStripeStore recycling = new RecyclingStripeStore(new InMemoryStripeStore());
        VfsConfig small = VfsFixture.smallConfig();
        VfsConfig wide = new VfsConfig(4 * STRIPE, small.inlineMax(), 8L * 4 * STRIPE, small.writeBackDelay(),
                small.syncInterval(), small.readAheadStripes(), small.ioThreads(), false);
        try (VfsFixture fx2 = new VfsFixture(other, recycling, wide)) {
            Opened o = fx2.vfs.create(ROOT, "/grows", 0644, OpenFlags.O_RDWR);
            byte[] expected = new byte[4 * STRIPE];
            int at = 0;
            for (int piece = 1; at + piece * 1000 <= expected.length; piece++) {
                byte[] b = bytes(piece * 1000);
                // every other piece leaves a hole before it: grown buffers hold junk past the valid bytes
                int where = at + (piece % 2) * 333;
                if (where + b.length > expected.length) {
                    break;
                }
                fx2.vfs.write(ROOT, o.handle(), where, ByteBuffer.wrap(b));
                System.arraycopy(b, 0, expected, where, b.length);
                at = where + b.length;
            }
            fx2.vfs.release(o.handle());
            byte[] got = fx2.read("/grows");
            assertArrayEquals(Arrays.copyOf(expected, at), got);
            assertTrue(recycling.recycled() >= 2, "64 KiB → 128 KiB → 256 KiB gave two buffers back: "
                    + recycling.recycled());
            assertEquals(List.of(), recycling.misuse());
        }
    }

    @Test
    void smallFilesStayInline() throws Exception {
        byte[] data = bytes(INLINE);
        fx.write("/small", data);
        vfs.syncAll();
        assertTrue(store().keys().isEmpty(), "a file of the inline limit is not in the store");
        fx.remount();
        vfs = fx.vfs;
        assertArrayEquals(data, fx.read("/small"));
        byte[] bigger = bytes(INLINE + 1);
        fx.write("/small", bigger);
        vfs.syncAll();
        assertEquals(1, store().keys().size());
        assertArrayEquals(bigger, fx.read("/small"));
    }

    @Test
    void rewritingAStripeMakesANewGenerationAndDropsTheOldOne() throws Exception {
        byte[] data = bytes(3 * STRIPE);
        fx.write("/f", data);
        vfs.syncAll();
        var before = store().keys();
        assertEquals(3, before.size());
        long fh = vfs.open(ROOT, "/f", OpenFlags.O_RDWR);
        byte[] patch = bytes(100);
        vfs.write(ROOT, fh, STRIPE + 10, ByteBuffer.wrap(patch));
        vfs.fsync(fh, false);
        vfs.release(fh);
        vfs.syncAll();
        var after = store().keys();
        assertEquals(3, after.size(), "old generation deleted once the new one is durable");
        assertEquals(1, after.stream().filter(k -> !before.contains(k)).count());
        System.arraycopy(patch, 0, data, STRIPE + 10, 100);
        assertArrayEquals(data, fx.read("/f"));
    }

    @Test
    void holesReadAsZerosAndAreNotStored() throws Exception {
        Opened o = vfs.create(ROOT, "/sparse", 0644, OpenFlags.O_RDWR);
        long far = 100L * STRIPE + 17;
        vfs.write(ROOT, o.handle(), far, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        vfs.fsync(o.handle(), false);
        Inode a = vfs.fgetattr(o.handle());
        assertEquals(far + 3, a.size());
        assertTrue(a.blocks() * 512 < 2L * STRIPE, "sparse file allocates only what was written: " + a.blocks());
        ByteBuffer buf = ByteBuffer.allocate(STRIPE);
        assertEquals(STRIPE, vfs.read(o.handle(), 50L * STRIPE, buf));
        assertTrue(Arrays.equals(new byte[STRIPE], buf.array()));
        buf.clear();
        assertEquals(3, vfs.read(o.handle(), far, buf));
        assertEquals(2, buf.get(1));
        vfs.release(o.handle());
        vfs.syncAll();
        assertEquals(1, store().keys().size());
    }

    @Test
    void truncateShrinksThenExtensionReadsZeros() throws Exception {
        byte[] data = bytes(3 * STRIPE);
        fx.write("/t", data);
        vfs.truncate(ROOT, "/t", STRIPE + 100);
        assertEquals(STRIPE + 100, vfs.getattr(ROOT, "/t").size());
        vfs.truncate(ROOT, "/t", 3 * STRIPE);
        byte[] back = fx.read("/t");
        assertArrayEquals(Arrays.copyOf(data, STRIPE + 100), Arrays.copyOf(back, STRIPE + 100));
        assertTrue(Arrays.equals(new byte[2 * STRIPE - 100], Arrays.copyOfRange(back, STRIPE + 100, 3 * STRIPE)),
                "bytes cut off by truncate never come back");
        // and after a remount (the stripe is read from the store, whose copy still holds the old tail)
        fx.remount();
        vfs = fx.vfs;
        long fh = vfs.open(ROOT, "/t", OpenFlags.O_RDWR);
        vfs.write(ROOT, fh, STRIPE + 200, ByteBuffer.wrap(new byte[] {9}));
        vfs.release(fh);
        back = fx.read("/t");
        assertEquals(0, back[STRIPE + 150]);
        assertEquals(9, back[STRIPE + 200]);
        assertEquals(0, back[STRIPE + 300]);
        vfs.syncAll();
        assertEquals(2, store().keys().size(), "stripes past the cut are garbage");
    }

    @Test
    void truncateToZeroAndOTrunc() throws Exception {
        fx.write("/z", bytes(2 * STRIPE));
        long fh = vfs.open(ROOT, "/z", OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
        assertEquals(0, vfs.fgetattr(fh).size());
        vfs.release(fh);
        assertEquals(0, fx.read("/z").length);
        vfs.syncAll();
        assertTrue(store().keys().isEmpty());
    }

    @Test
    void appendHandlesWriteAtTheEnd() throws Exception {
        fx.write("/log", "start\n".getBytes());
        long a = vfs.open(ROOT, "/log", OpenFlags.O_WRONLY | OpenFlags.O_APPEND);
        long b = vfs.open(ROOT, "/log", OpenFlags.O_WRONLY | OpenFlags.O_APPEND);
        vfs.write(ROOT, a, 0, ByteBuffer.wrap("a1\n".getBytes()));
        vfs.write(ROOT, b, 0, ByteBuffer.wrap("b1\n".getBytes()));
        vfs.write(ROOT, a, 3, ByteBuffer.wrap("a2\n".getBytes()));
        vfs.release(a);
        vfs.release(b);
        assertEquals("start\na1\nb1\na2\n", new String(fx.read("/log")));
    }

    @Test
    void unlinkedOpenFileKeepsItsDataUntilLastClose() throws Exception {
        byte[] data = bytes(2 * STRIPE + 5);
        fx.write("/u", data);
        vfs.syncAll();
        long fh = vfs.open(ROOT, "/u", OpenFlags.O_RDWR);
        vfs.unlink(ROOT, "/u");
        assertErrno(Errno.ENOENT, () -> vfs.getattr(ROOT, "/u"));
        assertEquals(0, vfs.fgetattr(fh).nlink());
        vfs.write(ROOT, fh, 0, ByteBuffer.wrap(new byte[] {42}));
        ByteBuffer buf = ByteBuffer.allocate(data.length + 10);
        assertEquals(data.length, vfs.read(fh, 0, buf));
        assertEquals(42, buf.get(0));
        assertEquals(data[STRIPE + 1], buf.get(STRIPE + 1));
        vfs.fsync(fh, false);
        assertEquals(3, store().keys().size());
        vfs.release(fh);
        vfs.syncAll();
        assertTrue(store().keys().isEmpty(), "last close of an unlinked file frees its stripes");
    }

    @Test
    void orphansOfACrashedMountAreDeletedAtTheNextMount() throws Exception {
        fx.write("/o", bytes(3 * STRIPE));
        vfs.syncAll();
        long fh = vfs.open(ROOT, "/o", OpenFlags.O_RDONLY);
        vfs.unlink(ROOT, "/o");
        vfs.syncAll();
        fx.crashAndRemount();
        vfs = fx.vfs;
        vfs.syncAll();
        assertTrue(store().keys().isEmpty());
        assertEquals(2, vfs.readdir(vfs.opendir(ROOT, "/")).size());
    }

    @Test
    void fsyncedDataSurvivesACrashAndUnsyncedStripesDoNotLeak() throws Exception {
        byte[] kept = bytes(2 * STRIPE + 1);
        Opened o = vfs.create(ROOT, "/k", 0644, OpenFlags.O_RDWR);
        vfs.write(ROOT, o.handle(), 0, ByteBuffer.wrap(kept));
        vfs.fsync(o.handle(), false);
        vfs.write(ROOT, o.handle(), 0, ByteBuffer.wrap(bytes(100))); // not synced
        fx.crashAndRemount();
        vfs = fx.vfs;
        byte[] back = fx.read("/k");
        assertEquals(kept.length, back.length);
        assertArrayEquals(Arrays.copyOfRange(kept, 100, kept.length), Arrays.copyOfRange(back, 100, kept.length));
        vfs.syncAll();
        assertEquals(3, store().keys().size(), "no stripe outside the metadata after recovery");
    }

    @Test
    void hardLinksShareTheInode() throws Exception {
        byte[] data = bytes(1000);
        Inode a = fx.write("/a", data);
        Inode b = vfs.link(ROOT, "/a", "/b");
        assertEquals(a.ino(), b.ino());
        assertEquals(2, vfs.getattr(ROOT, "/a").nlink());
        vfs.unlink(ROOT, "/a");
        assertEquals(1, vfs.getattr(ROOT, "/b").nlink());
        assertArrayEquals(data, fx.read("/b"));
        assertErrno(Errno.EPERM, () -> vfs.link(ROOT, "/", "/rootlink"));
        assertErrno(Errno.EEXIST, () -> vfs.link(ROOT, "/b", "/b"));
    }

    @Test
    void writeUpdatesMtimeAndCtimeNotAtime() throws Exception {
        fx.write("/m", bytes(10));
        Inode before = vfs.getattr(ROOT, "/m");
        Thread.sleep(5);
        long fh = vfs.open(ROOT, "/m", OpenFlags.O_WRONLY);
        vfs.write(ROOT, fh, 0, ByteBuffer.wrap(bytes(10)));
        Inode after = vfs.fgetattr(fh);
        vfs.release(fh);
        assertTrue(after.mtime().compareTo(before.mtime()) > 0);
        assertTrue(after.ctime().compareTo(before.ctime()) > 0);
        assertEquals(after, vfs.getattr(ROOT, "/m"));
    }

    @Test
    void readsMoveTheAccessTimeLazilyButVisibly() throws Exception {
        fx.write("/a", bytes(10));
        Inode before = vfs.getattr(ROOT, "/a");
        Thread.sleep(5);
        fx.read("/a"); // relatime: atime not newer than mtime, so it moves
        Inode after = vfs.getattr(ROOT, "/a");
        assertTrue(after.atime().compareTo(before.atime()) > 0);
        assertEquals(before.mtime(), after.mtime());
        assertEquals(before.ctime(), after.ctime(), "a read changes no ctime");
        fx.remount();
        vfs = fx.vfs;
        assertEquals(after.atime(), vfs.getattr(ROOT, "/a").atime(), "stored at unmount");
    }

    @Test
    void readOfAWriteOnlyHandleIsEbadf() throws Exception {
        Opened o = vfs.create(ROOT, "/w", 0644, OpenFlags.O_WRONLY);
        assertErrno(Errno.EBADF, () -> vfs.read(o.handle(), 0, ByteBuffer.allocate(10)));
        vfs.release(o.handle());
        long r = vfs.open(ROOT, "/w", OpenFlags.O_RDONLY);
        assertErrno(Errno.EBADF, () -> vfs.write(ROOT, r, 0, ByteBuffer.wrap(new byte[1])));
        assertErrno(Errno.EBADF, () -> vfs.ftruncate(r, 0));
        vfs.release(r);
        assertErrno(Errno.EBADF, () -> vfs.release(r));
    }

    @Test
    void sizeLimitsAreEfbigAndEinval() throws Exception {
        Opened o = vfs.create(ROOT, "/big", 0644, OpenFlags.O_RDWR);
        assertErrno(Errno.EFBIG, () -> vfs.ftruncate(o.handle(), 999_999_999_999_999_999L));
        assertErrno(Errno.EINVAL, () -> vfs.ftruncate(o.handle(), -1));
        assertErrno(Errno.EFBIG, () -> vfs.write(ROOT, o.handle(), (1L << 52) - 1, ByteBuffer.wrap(new byte[2])));
        vfs.release(o.handle());
    }
}
