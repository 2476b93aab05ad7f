package dcfs.vfs.data;

import dcfs.vfs.Caller;
import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import dcfs.vfs.VfsConfig;
import dcfs.vfs.data.CachedStripe.State;
import dcfs.vfs.inode.Clock;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.Time;
import dcfs.vfs.meta.Garbage;
import dcfs.vfs.meta.Durability;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.meta.Reclaim;
import dcfs.vfs.meta.StripeRef;
import dcfs.vfs.meta.Stripes;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StripeKey;
import dcfs.vfs.store.StripeStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of open regular files: read, write, truncate, flush, fsync and last close, over the
 * {@link StripeCache} and {@link StripeIo}.
 *
 * <p>A file is a sequence of stripes of {@code stripeSize} bytes. A stripe with no reference and
 * no cache entry is a hole and reads as zeros; so do bytes past a stripe's valid length.
 */
public final class FileContent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileContent.class);
    /** The largest file size (4 PiB); beyond it writes and truncates fail with EFBIG. */
    public static final long MAX_FILE_SIZE = 1L << 52;
    private static final long RELATIME_NANOS = 24L * 3600 * 1_000_000_000L;
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final MetaStore meta;
    /** What an fsync waits for: the local LMDB sync, or over the network the shipped journal. */
    private final Durability durability;
    private final StripeCache cache;
    private final StripeIo io;
    private final StripeStore store;
    private final VfsConfig config;
    private final Clock clock;
    private final LazyAtimes lazyAtimes;
    private final int stripeSize;
    private final int shift;

    public FileContent(MetaStore meta, Durability durability, StripeStore store, VfsConfig config,
                       Clock clock, LazyAtimes lazyAtimes) {
        this.meta = meta;
        this.durability = durability;
        this.lazyAtimes = lazyAtimes;
        this.config = config;
        this.clock = clock;
        this.stripeSize = config.stripeSize();
        this.shift = Integer.numberOfTrailingZeros(stripeSize);
        this.store = store;
        this.cache = new StripeCache(config.cacheBytes(), store::stripeBuffer, store::recycle);
        store.keepBuffers(config.cacheBytes());
        this.io = new StripeIo(store, meta, cache, config);
    }

    StripeCache cache() {
        return cache;
    }

    StripeIo io() {
        return io;
    }

    /** Bytes of the cache budget in use, and the most ever used (for status and tests). */
    public long cacheUsed() {
        return cache.used();
    }

    public long cachePeak() {
        return cache.peak();
    }

    // ------------------------------------------------------------------ read

    /** Reads into {@code dst} from {@code offset}; returns the bytes read (0 at or past the end). */
    public int read(OpenFile f, long offset, ByteBuffer dst) throws FsException {
        if (offset < 0) {
            throw new FsException(Errno.EINVAL, "negative offset " + offset);
        }
        f.lock.readLock().lock();
        try {
            long size = f.attrs().size();
            if (offset >= size || !dst.hasRemaining()) {
                return 0;
            }
            int n = (int) Math.min(dst.remaining(), size - offset);
            boolean sequential = isSequential(f, offset);
            f.lastReadEnd = offset + n;
            int base = dst.position();
            int done = 0;
            long lastStripe = offset >>> shift;
            while (done < n) {
                long pos = offset + done;
                long s = pos >>> shift;
                int in = (int) (pos & (stripeSize - 1));
                int m = Math.min(n - done, stripeSize - in);
                readStripe(f, s, in, m, dst, base + done, sequential);
                done += m;
                lastStripe = s;
            }
            dst.position(base + n);
            if (sequential && config.readAheadStripes() > 0) {
                readAhead(f, lastStripe, size);
            }
            touchAtime(f);
            return n;
        } finally {
            f.lock.readLock().unlock();
        }
    }

    /** Near the end of the previous read (the kernel's read-ahead may reorder requests a little). */
    private static boolean isSequential(OpenFile f, long offset) {
        long last = f.lastReadEnd;
        return offset == 0 || (last >= 0 && Math.abs(offset - last) <= (1 << 20));
    }

    private void readStripe(OpenFile f, long s, int in, int m, ByteBuffer dst, int at, boolean sequential)
            throws FsException {
        while (true) {
            CachedStripe e = cache.pinReadable(f, s);
            if (e != null) {
                try {
                    StripeRef.Stored base = e.base; // stable: we hold the read lock
                    if (base == null || in + m <= e.valid) {
                        copyOut(e.buf, e.valid, in, m, dst, at);
                    } else {
                        readAroundPending(f, s, e.buf, e.valid, base, in, m, dst, at);
                    }
                } finally {
                    cache.unpin(e);
                }
                return;
            }
            StripeRef ref = meta.read(v -> Stripes.get(v, f.ino(), s));
            switch (ref) {
                case null -> {
                    zero(dst, at, m);
                    return;
                }
                case StripeRef.Inline inline -> {
                    copyOut(inline.data(), inline.data().length, in, m, dst, at);
                    return;
                }
                case StripeRef.Stored st -> {
                    if (sequential) {
                        if (loadWhole(f, s, st)) {
                            continue;
                        }
                    }
                    if (in >= st.length()) {
                        zero(dst, at, m);
                        return;
                    }
                    byte[] part = io.fetchRange(f, s, st, in, Math.min(m, st.length() - in));
                    copyOut(part, part.length, 0, m, dst, at);
                    return;
                }
            }
        }
    }

    /**
     * A read of an entry whose stored bytes past {@code valid} are not loaded: the written prefix
     * from the buffer, the rest straight from the stored stripe (zeros past its end).
     */
    private void readAroundPending(OpenFile f, long s, byte[] buf, int valid, StripeRef.Stored base, int in, int m,
                                   ByteBuffer dst, int at) throws FsException {
        int from = Math.max(in, valid);
        if (in < valid) {
            copyOut(buf, valid, in, valid - in, dst, at);
        }
        int rest = in + m - from;
        if (from >= base.length()) {
            zero(dst, at + (from - in), rest);
            return;
        }
        byte[] part = io.fetchRange(f, s, base, from, Math.min(rest, base.length() - from));
        copyOut(part, part.length, 0, rest, dst, at + (from - in));
    }

    /** Loads a whole stripe into the cache in this thread; false if another thread got there first. */
    private boolean loadWhole(OpenFile f, long s, StripeRef.Stored st) throws FsException {
        cache.reserve(st.length(), true, () -> selfFlush(f));
        CachedStripe e = new CachedStripe(f, s, new byte[0], 0, State.LOADING);
        e.charged = st.length();
        if (!cache.insert(e, System.nanoTime())) {
            cache.unreserve(st.length());
            return true;
        }
        try {
            byte[] data = io.fetch(f, s, st);
            cache.endLoad(e, StripeIo.zeroTail(data, st.length()), st.length());
            return true;
        } catch (FsException | RuntimeException ex) {
            cache.failLoad(e, ex);
            throw ex;
        }
    }

    private void readAhead(OpenFile f, long current, long size) {
        long lastWanted = Math.min(current + config.readAheadStripes(), (size - 1) >>> shift);
        if (lastWanted <= current) {
            return;
        }
        List<Stripes.Entry> refs = meta.read(v -> Stripes.list(v, f.ino(), current + 1,
                (int) (lastWanted - current)));
        for (Stripes.Entry r : refs) {
            if (r.stripe() > lastWanted) {
                break;
            }
            if (!(r.ref() instanceof StripeRef.Stored st) || cache.lookup(f, r.stripe()) != null) {
                continue;
            }
            if (!cache.reserve(st.length(), false, null)) {
                return;
            }
            CachedStripe e = new CachedStripe(f, r.stripe(), new byte[0], 0, State.LOADING);
            e.charged = st.length();
            if (cache.insert(e, System.nanoTime())) {
                io.loadAsync(e, st);
            } else {
                cache.unreserve(st.length());
            }
        }
    }

    private void touchAtime(OpenFile f) {
        Inode a = f.attrs();
        Time now = clock.now();
        // relatime: only when the access time is not newer than the last change, or a day old.
        boolean due = a.atime().compareTo(a.mtime()) <= 0 || a.atime().compareTo(a.ctime()) <= 0
                || (now.sec() - a.atime().sec()) * 1_000_000_000L > RELATIME_NANOS;
        if (due && !config.readOnly()) {
            f.touchAtime(now);
        }
    }

    private static void copyOut(byte[] src, int valid, int in, int m, ByteBuffer dst, int at) {
        int avail = Math.max(0, Math.min(valid - in, m));
        if (avail > 0) {
            dst.put(at, src, in, avail);
        }
        if (avail < m) {
            zero(dst, at + avail, m - avail);
        }
    }

    private static void zero(ByteBuffer dst, int at, int len) {
        int done = 0;
        while (done < len) {
            int k = Math.min(ZEROS.length, len - done);
            dst.put(at + done, ZEROS, 0, k);
            done += k;
        }
    }

    // ------------------------------------------------------------------ write

    /**
     * Writes {@code src} at {@code offset} (at the end of the file if {@code append}); returns the
     * bytes written. Clears setuid/setgid for a non-root writer, as Linux does.
     */
    public int write(Caller caller, OpenFile f, long offset, ByteBuffer src, boolean append) throws FsException {
        int len = src.remaining();
        f.lock.writeLock().lock();
        try {
            long off = append ? f.attrs().size() : offset;
            if (off < 0) {
                throw new FsException(Errno.EINVAL, "negative offset " + off);
            }
            if (len == 0) {
                return 0;
            }
            if (off + len > MAX_FILE_SIZE) {
                throw new FsException(Errno.EFBIG, "file would exceed " + MAX_FILE_SIZE + " bytes");
            }
            int base = src.position();
            long grown = 0;
            int done = 0;
            while (done < len) {
                long pos = off + done;
                long s = pos >>> shift;
                int in = (int) (pos & (stripeSize - 1));
                int n = Math.min(len - done, stripeSize - in);
                CachedStripe e = entryForWrite(f, s, in, n);
                if (e.base != null && in > e.valid) {
                    resolve(f, e); // not a continuation of the prefix: the stored bytes are needed now
                }
                if (in > e.valid) {
                    Arrays.fill(e.buf, e.valid, in, (byte) 0); // a hole; the buffer may be recycled
                }
                src.get(base + done, e.buf, in, n);
                int valid = Math.max(e.valid, in + n);
                if (valid > e.accounted) {
                    grown += valid - e.accounted;
                    e.accounted = valid;
                }
                e.valid = valid;
                if (e.base != null && valid >= e.base.length()) {
                    e.base = null; // the writes covered every stored byte: it never had to be read
                }
                if (in + n == stripeSize) {
                    io.writeBack(f, List.of(e)); // a full stripe goes out now; nobody waits for it here
                }
                done += n;
            }
            src.position(base + len);
            long end = off + len;
            long allocatedGrowth = grown;
            Time now = clock.now();
            boolean root = caller.isRoot();
            f.updateDirty(a -> {
                int perm = a.perm();
                if (!root && (perm & (Inode.S_ISUID | Inode.S_ISGID)) != 0) {
                    perm &= ~Inode.S_ISUID;
                    if ((perm & Inode.S_IXGRP) != 0) {
                        perm &= ~Inode.S_ISGID;
                    }
                }
                return a.withPerm(perm, now).withSize(Math.max(a.size(), end), a.allocated() + allocatedGrowth)
                        .modified(now);
            }, System.nanoTime());
            return len;
        } finally {
            f.lock.writeLock().unlock();
        }
    }

    /** The entry for stripe {@code s}, dirty, with room for {@code [in, in+n)}. Caller holds the write lock. */
    private CachedStripe entryForWrite(OpenFile f, long s, int in, int n) throws FsException {
        int needed = in + n;
        long credit = 0;
        try {
            while (true) {
                CachedStripe e = cache.lookup(f, s);
                if (e == null) {
                    e = createForWrite(f, s, in, n);
                    if (e == null) {
                        continue;
                    }
                }
                if (!cache.acquireForWrite(e, System.nanoTime())) {
                    continue;
                }
                if (e.buf.length < needed) {
                    int capacity = capacityFor(s, needed);
                    long extra = capacity - e.buf.length;
                    if (credit < extra) {
                        // Waiting for memory may start a write-back of this very entry: look again after.
                        cache.reserve(extra - credit, true, () -> selfFlush(f));
                        credit = extra;
                        continue;
                    }
                    cache.grow(e, capacity);
                    credit -= extra;
                }
                return e;
            }
        } finally {
            if (credit > 0) {
                cache.unreserve(credit);
            }
        }
    }

    private CachedStripe createForWrite(OpenFile f, long s, int in, int n) throws FsException {
        StripeRef ref = meta.read(v -> Stripes.get(v, f.ino(), s));
        int existing = ref == null ? 0 : ref.length();
        int capacity = capacityFor(s, Math.max(in + n, existing));
        cache.reserve(capacity, true, () -> selfFlush(f));
        byte[] buf = store.stripeBuffer(capacity);
        int valid = 0;
        StripeRef.Stored pending = null;
        // Read-modify-write unless this write covers every meaningful byte of the stored stripe; a
        // write from the stripe's start defers the read (CachedStripe.base), since a sequential
        // overwrite's next writes cover the rest.
        boolean partial = existing > 0 && !(in == 0 && n >= existing);
        if (partial && in == 0 && ref instanceof StripeRef.Stored st) {
            pending = st;
        } else if (partial) {
            try {
                byte[] old = io.fetch(f, s, ref);
                // The fetched array is ours: keep whichever of the two fits and hand a store's array
                // back, or every overwritten stripe leaves a stripe-sized array to the collector.
                boolean stores = ref instanceof StripeRef.Stored; // an inline stripe's copy is not the store's
                if (stores && old.length == buf.length) {
                    store.recycle(buf);
                    buf = old;
                } else {
                    System.arraycopy(old, 0, buf, 0, existing);
                    if (stores) {
                        store.recycle(old);
                    }
                }
                valid = existing;
            } catch (FsException ex) {
                cache.unreserve(capacity);
                throw ex;
            }
        }
        CachedStripe e = new CachedStripe(f, s, buf, valid, State.DIRTY);
        e.accounted = existing;
        e.base = pending;
        if (!cache.insert(e, System.nanoTime())) {
            cache.unreserve(capacity);
            store.recycle(buf);
            return null;
        }
        if (pending != null) {
            f.pendingBases = true;
        }
        return e;
    }

    /**
     * Loads the stored bytes an entry stands for past its written prefix ({@link CachedStripe#base}).
     * Caller holds the write lock; the entry is DIRTY (entries with a base are never written back).
     */
    private void resolve(OpenFile f, CachedStripe e) throws FsException {
        StripeRef.Stored base = e.base;
        byte[] old = io.fetch(f, e.index, base);
        System.arraycopy(old, e.valid, e.buf, e.valid, base.length() - e.valid);
        store.recycle(old);
        e.valid = base.length();
        e.base = null;
    }

    /** Resolves every entry of {@code f} with a pending base. Caller holds the write lock. */
    private void resolveAll(OpenFile f) throws FsException {
        if (!f.pendingBases) {
            return;
        }
        for (CachedStripe e : cache.entries(f)) {
            if (e.base != null) {
                resolve(f, e);
            }
        }
        f.pendingBases = false;
    }

    /**
     * Before a write-back under the read lock: resolves {@code f}'s pending entries under the write
     * lock. With {@code wait} false it gives up if the lock is busy (the flusher: next tick).
     */
    void resolvePending(OpenFile f, boolean wait) throws FsException {
        if (!f.pendingBases) {
            return;
        }
        if (wait) {
            f.lock.writeLock().lock();
        } else if (!f.lock.writeLock().tryLock()) {
            return;
        }
        try {
            resolveAll(f);
        } finally {
            f.lock.writeLock().unlock();
        }
    }

    /** Stripe 0 grows with the file (most files are small); later stripes get the full size at once. */
    private int capacityFor(long s, int needed) {
        if (s > 0) {
            return stripeSize;
        }
        int c = Math.max(64 * 1024, Integer.highestOneBit(Math.max(1, needed - 1)) << 1);
        return Math.min(stripeSize, Math.max(c, needed));
    }

    /** Called while waiting for memory, holding {@code f}'s lock: write back this file's dirty stripes. */
    private void selfFlush(OpenFile f) {
        try {
            resolveAll(f);
        } catch (FsException e) {
            f.addWriteError(e); // what is still pending stays dirty; the next flush tries again
        }
        io.writeBack(f, cache.dirtyEntries(f, Long.MAX_VALUE));
    }

    // ------------------------------------------------------------------ fallocate

    /** fallocate(2) mode bits (linux/falloc.h) that this store honours; the others are refused. */
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;

    /**
     * fallocate(2) on a store that reserves no space ahead (docs/fs-mount.md, "fallocate"): mode 0
     * extends the file like an ftruncate that only grows; {@code KEEP_SIZE} alone changes nothing;
     * a hole punch or a zeroed range reads as zeros afterwards (written as zeros, so it does not
     * free space); collapse, insert and unshare are refused with ENOTSUP.
     */
    public void fallocate(Caller caller, OpenFile f, int mode, long offset, long length) throws FsException {
        if (offset < 0 || length <= 0) {
            throw new FsException(Errno.EINVAL, "fallocate range " + offset + "+" + length);
        }
        if (length > MAX_FILE_SIZE - offset) {
            throw new FsException(Errno.EFBIG, "fallocate past " + MAX_FILE_SIZE + " bytes");
        }
        int known = FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE;
        if ((mode & ~known) != 0) {
            throw new FsException(Errno.ENOTSUP, "fallocate mode 0x" + Integer.toHexString(mode)
                    + ": only plain allocation, KEEP_SIZE, PUNCH_HOLE and ZERO_RANGE are supported");
        }
        boolean keep = (mode & FALLOC_FL_KEEP_SIZE) != 0;
        boolean punch = (mode & FALLOC_FL_PUNCH_HOLE) != 0;
        boolean zero = (mode & FALLOC_FL_ZERO_RANGE) != 0;
        if (punch && (!keep || zero)) {
            // Linux refuses these combinations the same way (vfs_fallocate).
            throw new FsException(Errno.ENOTSUP, "a hole punch needs FALLOC_FL_KEEP_SIZE and nothing else");
        }
        long end = offset + length;
        if (punch || zero) {
            writeZeros(caller, f, offset, Math.min(end, f.attrs().size()));
        }
        if (!keep && end > f.attrs().size()) {
            truncate(f, end);
        }
    }

    private void writeZeros(Caller caller, OpenFile f, long from, long to) throws FsException {
        if (from >= to) {
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(stripeSize, to - from));
        for (long pos = from; pos < to; ) {
            int n = (int) Math.min(zeros.capacity(), to - pos);
            zeros.clear().limit(n);
            pos += write(caller, f, pos, zeros, false);
        }
    }

    // ------------------------------------------------------------------ truncate

    /** Sets the size; bytes past a shrunk end are gone, an extension reads as zeros. */
    public Inode truncate(OpenFile f, long newSize) throws FsException {
        if (newSize < 0) {
            throw new FsException(Errno.EINVAL, "negative size " + newSize);
        }
        if (newSize > MAX_FILE_SIZE) {
            throw new FsException(Errno.EFBIG, "size beyond " + MAX_FILE_SIZE);
        }
        f.lock.writeLock().lock();
        try {
            cache.awaitIdle(f);
            long old = f.attrs().size();
            Time now = clock.now();
            if (newSize >= old) {
                return meta.write(t -> f.commitUpdate(t, a -> a.withSize(newSize, a.allocated()).modified(now)));
            }
            long keepStripes = (newSize + stripeSize - 1) >>> shift;
            int keepInLast = keepStripes == 0 ? 0 : (int) (newSize - ((keepStripes - 1) << shift));
            cache.dropFrom(f, keepStripes);
            Map<Long, Integer> cachedAccounted = new HashMap<>();
            if (keepStripes > 0) {
                CachedStripe b = cache.lookup(f, keepStripes - 1);
                if (b != null && b.base != null) {
                    resolve(f, b); // its stored tail is cut below, and must not come back on an extension
                }
                if (b != null && b.valid > keepInLast) {
                    // Frozen states are excluded by awaitIdle above; no reader runs under our write lock.
                    Arrays.fill(b.buf, keepInLast, b.valid, (byte) 0);
                    b.valid = keepInLast;
                    b.accounted = Math.min(b.accounted, keepInLast);
                }
            }
            for (CachedStripe e : cache.entries(f)) {
                cachedAccounted.put(e.index, e.accounted);
            }
            return meta.write(t -> {
                long allocated = 0;
                long from = 0;
                while (true) {
                    List<Stripes.Entry> batch = Stripes.list(t, f.ino(), from, 1024);
                    if (batch.isEmpty()) {
                        break;
                    }
                    for (Stripes.Entry r : batch) {
                        int len = r.ref().length();
                        if (r.stripe() >= keepStripes) {
                            if (r.ref() instanceof StripeRef.Stored st) {
                                Garbage.obsolete(t, new StripeKey(f.fileId(), r.stripe(), st.generation()));
                            }
                            Stripes.delete(t, f.ino(), r.stripe());
                            continue;
                        }
                        if (r.stripe() == keepStripes - 1 && len > keepInLast) {
                            StripeRef trimmed = switch (r.ref()) {
                                case StripeRef.Stored st -> new StripeRef.Stored(st.generation(), keepInLast);
                                case StripeRef.Inline in -> new StripeRef.Inline(Arrays.copyOf(in.data(), keepInLast));
                            };
                            Stripes.put(t, f.ino(), r.stripe(), trimmed);
                            len = keepInLast;
                        }
                        Integer c = cachedAccounted.remove(r.stripe());
                        allocated += Math.max(len, c == null ? 0 : c);
                    }
                    from = batch.getLast().stripe() + 1;
                }
                for (int c : cachedAccounted.values()) {
                    allocated += c;
                }
                long alloc = allocated;
                return f.commitUpdate(t, a -> a.withSize(newSize, alloc).modified(now));
            });
        } finally {
            f.lock.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------ flush, fsync, close

    /**
     * Writes back every dirty stripe of {@code f} and commits its attributes (close(2) semantics:
     * what a later open sees). Reports, once, any earlier background write-back failure.
     */
    public void flush(OpenFile f) throws FsException {
        if (f.isOrphan()) {
            f.throwWriteErrors();
            return;
        }
        resolvePending(f, true);
        List<CompletableFuture<Void>> waits;
        f.lock.readLock().lock();
        try {
            waits = new ArrayList<>(io.writeBack(f, cache.dirtyEntries(f, Long.MAX_VALUE)));
            waits.addAll(cache.busyFutures(f));
        } finally {
            f.lock.readLock().unlock();
        }
        awaitAll(waits);
        commitAttrs(f);
        f.throwWriteErrors();
    }

    /** {@link #flush}, then makes the metadata that reaches the data durable. */
    public void fsync(OpenFile f) throws FsException {
        flush(f);
        durability.awaitDurable(meta.lastSeq());
        try {
            io.store().flush();
        } catch (StoreException e) {
            throw new FsException(Errno.EIO, "store flush failed: " + e.getMessage(), e);
        }
    }

    /** Stores {@code f}'s attributes if they changed since the last commit. */
    public void commitAttrs(OpenFile f) throws FsException {
        if (f.attrsDirtySince() == 0) {
            return;
        }
        meta.write(t -> f.commitUpdate(t, a -> a));
    }

    /**
     * The last handle of {@code f} is closing: write back (unless unlinked), unregister it, and
     * if it was unlinked delete it and its stripes, in one transaction. Then free its memory.
     */
    public void release(OpenFile f, OpenFiles registry, java.util.function.LongPredicate heldByKernel)
            throws FsException {
        f.lock.writeLock().lock();
        try {
            boolean probablyLast = f.opens <= 1;
            if (probablyLast) {
                if (f.isOrphan()) {
                    cache.awaitIdle(f);
                } else {
                    try {
                        resolveAll(f);
                    } catch (FsException e) {
                        f.addWriteError(e); // reported below; what stays pending is lost at close
                    }
                    awaitAll(io.writeBack(f, cache.dirtyEntries(f, Long.MAX_VALUE)));
                    cache.awaitIdle(f);
                }
            }
            boolean last = meta.underWriterLock(() -> {
                if (f.opens > 1) {
                    return registry.release(f);
                }
                if (f.isOrphan() || f.attrsDirtySince() != 0) {
                    meta.write(t -> {
                        registry.release(f);
                        t.onAbort(() -> registry.reopen(f));
                        if (f.isOrphan() && !heldByKernel.test(f.ino())) {
                            Reclaim.destroy(t, f.attrs());
                        } else if (f.isOrphan()) {
                            f.commitUpdate(t, a -> a); // deleted when the kernel forgets it
                        } else {
                            f.commitUpdate(t, a -> a);
                        }
                        return null;
                    });
                } else {
                    registry.release(f);
                    if (f.atimeDirty()) {
                        lazyAtimes.defer(f.ino(), f.attrs().atime());
                    }
                }
                return true;
            });
            if (last) {
                cache.awaitIdle(f);
                List<CachedStripe> left = cache.dirtyEntries(f, Long.MAX_VALUE);
                if (!left.isEmpty() && !f.isOrphan()) {
                    LOG.error("inode {}: {} stripe(s) could not be written back and are lost at close", f.ino(),
                            left.size());
                }
                cache.dropFrom(f, 0);
            }
            f.throwWriteErrors();
        } finally {
            f.lock.writeLock().unlock();
        }
    }

    /** Every open file's dirty stripes and attributes out (unmount, sync). */
    public void flushAll(OpenFiles registry) throws FsException {
        FsException first = null;
        for (OpenFile f : registry.all()) {
            try {
                flush(f);
            } catch (FsException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void awaitAll(List<CompletableFuture<Void>> waits) {
        for (CompletableFuture<Void> w : waits) {
            try {
                w.join();
            } catch (CompletionException ignored) {
                // failures are recorded on the file and reported by throwWriteErrors
            }
        }
    }

    @Override
    public void close() {
        io.close();
    }
}
