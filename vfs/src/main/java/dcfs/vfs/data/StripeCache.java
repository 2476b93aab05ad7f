package dcfs.vfs.data;

import dcfs.vfs.data.CachedStripe.State;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory of all open files' stripes, under one byte budget. Clean stripes are evicted least
 * recently used first; dirty ones only leave by write-back. When the budget is used up, a thread
 * that needs memory evicts, then writes back its own file's dirty stripes, then asks the flusher
 * to write back other files', and waits.
 *
 * <p>Locking: {@link #lock} guards {@link #used}, {@link #clean}, {@link #dirtyFiles}, every
 * {@link CachedStripe}'s state fields and every {@link OpenFile}'s stripe map and counters. It is a
 * leaf lock: nothing else is taken while holding it (but the store's buffer pool, itself a leaf,
 * when an eviction hands a buffer back) and no I/O happens under it; buffer copies are done outside
 * it (see {@link CachedStripe} for why that is safe).
 */
final class StripeCache {
    private static final Logger LOG = LoggerFactory.getLogger(StripeCache.class);
    /** How long a thread waits for memory with nothing else happening before it over-commits. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final long budget;
    private long used;
    private long peak;
    private final LinkedHashMap<CachedStripe, Boolean> clean = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<OpenFile> dirtyFiles = new LinkedHashSet<>();
    private volatile Runnable pressure = () -> {
    };

    /** Lends buffers for stripes (contents arbitrary), and takes back those no entry or reader holds. */
    private final IntFunction<byte[]> buffers;
    private final Consumer<byte[]> recycler;

    StripeCache(long budget, IntFunction<byte[]> buffers, Consumer<byte[]> recycler) {
        this.budget = budget;
        this.buffers = buffers;
        this.recycler = recycler;
    }

    void onPressure(Runnable r) {
        pressure = r;
    }

    long budget() {
        return budget;
    }

    long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    long peak() {
        lock.lock();
        try {
            return peak;
        } finally {
            lock.unlock();
        }
    }

    /** The entry for stripe {@code s} of {@code f}, or null; a clean hit counts as a use. */
    CachedStripe lookup(OpenFile f, long s) {
        lock.lock();
        try {
            CachedStripe e = f.stripes.get(s);
            if (e != null && e.state == State.CLEAN) {
                clean.get(e);
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The entry for stripe {@code s} of {@code f} once it is readable (waits out a load), pinned:
     * its buffer stays this entry's, even if it is evicted meanwhile, until {@link #unpin}. Null if
     * the stripe is not cached. A clean hit counts as a use.
     */
    CachedStripe pinReadable(OpenFile f, long s) {
        while (true) {
            CompletableFuture<Void> loading;
            lock.lock();
            try {
                CachedStripe e = f.stripes.get(s);
                if (e == null) {
                    return null;
                }
                if (e.state != State.LOADING) {
                    if (e.state == State.CLEAN) {
                        clean.get(e);
                    }
                    e.readers++;
                    return e;
                }
                loading = e.busy;
            } finally {
                lock.unlock();
            }
            loading.exceptionally(t -> null).join();
        }
    }

    /** Ends a pin; the last reader of an evicted entry hands its buffer back. */
    void unpin(CachedStripe e) {
        lock.lock();
        try {
            if (--e.readers == 0 && e.evicted) {
                recycler.accept(e.buf);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a new entry whose buffer is already reserved. Returns false (and adds nothing) if the
     * file already has an entry for that stripe.
     */
    boolean insert(CachedStripe e, long nowNanos) {
        lock.lock();
        try {
            if (e.file.stripes.putIfAbsent(e.index, e) != null) {
                return false;
            }
            switch (e.state) {
                case CLEAN -> clean.put(e, Boolean.TRUE);
                case DIRTY -> dirtied(e, nowNanos);
                case LOADING -> e.busy = new CompletableFuture<>();
                case WRITING -> throw new IllegalStateException("new entry cannot be writing");
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes {@code e} ready for the caller (holding its file's write lock) to change: waits out a
     * load or write-back, then marks it dirty. Returns false if the entry was dropped meanwhile
     * (a failed load), in which case the caller looks it up again.
     */
    boolean acquireForWrite(CachedStripe e, long nowNanos) {
        while (true) {
            CompletableFuture<Void> wait;
            lock.lock();
            try {
                if (e.file.stripes.get(e.index) != e) {
                    return false;
                }
                switch (e.state) {
                    case CLEAN -> {
                        clean.remove(e);
                        dirtied(e, nowNanos);
                        return true;
                    }
                    case DIRTY -> {
                        return true;
                    }
                    default -> wait = e.busy;
                }
            } finally {
                lock.unlock();
            }
            wait.exceptionally(t -> null).join();
        }
    }

    private void dirtied(CachedStripe e, long nowNanos) {
        e.state = State.DIRTY;
        e.dirtySince = nowNanos;
        if (e.file.dirty++ == 0) {
            dirtyFiles.add(e.file);
        }
    }

    /**
     * Starts a write-back of {@code e}: DIRTY becomes WRITING. Returns true if this call started it
     * (the caller then runs it and calls {@link #endWriteBack}); false if the entry was not dirty
     * (already being written, clean, loading, or gone). Caller holds the file's lock (either mode).
     */
    boolean startWriteBack(CachedStripe e) {
        lock.lock();
        try {
            if (e.state != State.DIRTY || e.file.stripes.get(e.index) != e) {
                return false;
            }
            e.state = State.WRITING;
            e.busy = new CompletableFuture<>();
            if (--e.file.dirty == 0) {
                dirtyFiles.remove(e.file);
            }
            e.file.inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** What to wait on for {@code e}'s load or write-back under way, or null if none. */
    CompletableFuture<Void> busy(CachedStripe e) {
        lock.lock();
        try {
            return e.busy;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a write-back: the entry is clean if it succeeded, dirty again (kept) if not. */
    void endWriteBack(CachedStripe e, boolean ok, long nowNanos) {
        CompletableFuture<Void> done;
        lock.lock();
        try {
            done = e.busy;
            e.busy = null;
            e.file.inFlight--;
            if (ok) {
                e.state = State.CLEAN;
                clean.put(e, Boolean.TRUE);
            } else {
                dirtied(e, nowNanos);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        done.complete(null);
    }

    /** A load finished: the entry becomes clean with {@code data} (whose length was reserved). */
    void endLoad(CachedStripe e, byte[] data, int valid) {
        CompletableFuture<Void> done;
        lock.lock();
        try {
            done = e.busy;
            e.busy = null;
            used += data.length - e.charged;
            peak = Math.max(peak, used);
            e.charged = data.length;
            e.buf = data;
            e.valid = valid;
            e.accounted = valid;
            e.state = State.CLEAN;
            clean.put(e, Boolean.TRUE);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        done.complete(null);
    }

    /** A load failed: the entry goes away (readers retry and see the error themselves). */
    void failLoad(CachedStripe e, Throwable cause) {
        CompletableFuture<Void> done;
        lock.lock();
        try {
            done = e.busy;
            e.busy = null;
            if (e.file.stripes.remove(e.index, e)) {
                used -= e.charged;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        done.completeExceptionally(cause);
    }

    /**
     * Reserves {@code bytes} of the budget. With {@code block} false, returns false at once if it
     * does not fit after evicting clean stripes (read-ahead). Otherwise waits: {@code selfFlush}
     * (may be null) is run to write back the caller's own file, the flusher is asked for others.
     */
    boolean reserve(long bytes, boolean block, Runnable selfFlush) {
        long stalledSince = 0;
        boolean selfFlushed = false;
        lock.lock();
        try {
            while (used + bytes > budget) {
                if (evictOne()) {
                    continue;
                }
                if (!block) {
                    return false;
                }
                if (selfFlush != null && !selfFlushed) {
                    selfFlushed = true;
                    lock.unlock();
                    try {
                        selfFlush.run();
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                pressure.run();
                long before = used;
                try {
                    changed.await(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (used < before || anyInFlight()) {
                    stalledSince = 0;
                    selfFlushed = false;
                } else if (stalledSince == 0) {
                    stalledSince = System.nanoTime();
                } else if (System.nanoTime() - stalledSince > STALL_NANOS) {
                    LOG.warn("stripe cache: no memory freed for {} s; over-committing {} bytes (used {}, budget {})",
                            TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS), bytes, used, budget);
                    break;
                }
            }
            used += bytes;
            peak = Math.max(peak, used);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean anyInFlight() {
        for (OpenFile f : dirtyFiles) {
            if (f.inFlight > 0) {
                return true;
            }
        }
        return false;
    }

    /** Gives back reserved bytes that were not used. */
    void unreserve(long bytes) {
        lock.lock();
        try {
            used -= bytes;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean evictOne() {
        Iterator<CachedStripe> it = clean.keySet().iterator();
        if (!it.hasNext()) {
            return false;
        }
        CachedStripe e = it.next();
        it.remove();
        e.file.stripes.remove(e.index, e);
        used -= e.charged;
        if (e.readers == 0) {
            recycler.accept(e.buf);
        } else {
            e.evicted = true;
        }
        return true;
    }

    /**
     * Replaces {@code e}'s buffer with a larger one holding its valid bytes; the extra bytes must be
     * reserved first. Caller holds the file's write lock (no reader has the entry pinned).
     */
    void grow(CachedStripe e, int capacity) {
        byte[] bigger = buffers.apply(capacity);
        System.arraycopy(e.buf, 0, bigger, 0, e.valid);
        byte[] old;
        lock.lock();
        try {
            old = e.buf;
            e.buf = bigger;
            e.charged = capacity;
        } finally {
            lock.unlock();
        }
        recycler.accept(old);
    }

    /** Dirty entries of {@code f} dirty since before {@code olderThanNanos} (Long.MAX_VALUE: all). */
    List<CachedStripe> dirtyEntries(OpenFile f, long olderThanNanos) {
        lock.lock();
        try {
            List<CachedStripe> out = new ArrayList<>();
            if (f.dirty == 0) {
                return out;
            }
            for (CachedStripe e : f.stripes.values()) {
                if (e.state == State.DIRTY && e.dirtySince - olderThanNanos < 0) {
                    out.add(e);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Futures of {@code f}'s write-backs and loads under way. */
    List<CompletableFuture<Void>> busyFutures(OpenFile f) {
        lock.lock();
        try {
            List<CompletableFuture<Void>> out = new ArrayList<>();
            for (CachedStripe e : f.stripes.values()) {
                if (e.busy != null) {
                    out.add(e.busy);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until none of {@code f}'s stripes is loading or being written back. */
    void awaitIdle(OpenFile f) {
        for (CompletableFuture<Void> fut : busyFutures(f)) {
            fut.exceptionally(t -> null).join();
        }
    }

    /** Files with dirty stripes, oldest dirtied first. */
    List<OpenFile> filesWithDirty() {
        lock.lock();
        try {
            return new ArrayList<>(dirtyFiles);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops entries of {@code f} with index ≥ {@code fromIndex} (nothing may be in flight; the caller
     * holds the file's write lock, so no reader has one pinned) and hands their buffers back;
     * returns how many of their bytes were counted in the file's allocation.
     */
    long dropFrom(OpenFile f, long fromIndex) {
        lock.lock();
        try {
            long accounted = 0;
            Iterator<CachedStripe> it = f.stripes.values().iterator();
            while (it.hasNext()) {
                CachedStripe e = it.next();
                if (e.index < fromIndex) {
                    continue;
                }
                if (e.busy != null) {
                    throw new IllegalStateException("dropping " + e + " while busy");
                }
                it.remove();
                forget(e);
                accounted += e.accounted;
                if (e.readers == 0) {
                    recycler.accept(e.buf);
                }
            }
            changed.signalAll();
            return accounted;
        } finally {
            lock.unlock();
        }
    }

    private void forget(CachedStripe e) {
        switch (e.state) {
            case CLEAN -> clean.remove(e);
            case DIRTY -> {
                if (--e.file.dirty == 0) {
                    dirtyFiles.remove(e.file);
                }
            }
            default -> {
            }
        }
        used -= e.charged;
    }

    /** Every entry of {@code f} (snapshot). */
    List<CachedStripe> entries(OpenFile f) {
        lock.lock();
        try {
            return new ArrayList<>(f.stripes.values());
        } finally {
            lock.unlock();
        }
    }
}
