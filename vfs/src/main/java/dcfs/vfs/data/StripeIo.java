package dcfs.vfs.data;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import dcfs.vfs.VfsConfig;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.meta.Counters;
import dcfs.vfs.meta.Garbage;
import dcfs.vfs.meta.Inodes;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.meta.StripeRef;
import dcfs.vfs.meta.Stripes;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StoreUnavailableException;
import dcfs.vfs.store.StripeCorruptException;
import dcfs.vfs.store.StripeKey;
import dcfs.vfs.store.StripeNotFoundException;
import dcfs.vfs.store.StripeStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stripes between the cache and the store.
 *
 * <p>Write-back is copy-on-write: every write of a stripe gets a new generation. Order, so that a
 * crash at any point leaves the metadata pointing only at complete stripes and leaks nothing:
 * (1) transaction: allocate the generation and record an INTENT for its key; (2) put the stripe;
 * (3) transaction: point the stripe reference at it, drop the intent, mark the previous generation
 * OBSOLETE (deleted by {@link GarbageCollector} once this transaction is durable), store the file's
 * attributes. A stripe of a file no larger than the inline limit skips the store: (3) alone, with
 * the bytes inline.
 *
 * <p>Store operations run on the {@code dcfs-io} platform threads ({@link VfsConfig#ioThreads} at
 * once), so several stripes are in flight while the caller goes on.
 */
public final class StripeIo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StripeIo.class);

    private final StripeStore store;
    private final MetaStore meta;
    private final StripeCache cache;
    private final VfsConfig config;
    private final ExecutorService io;

    StripeIo(StripeStore store, MetaStore meta, StripeCache cache, VfsConfig config) {
        this.store = store;
        this.meta = meta;
        this.cache = cache;
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "dcfs-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.io = Executors.newFixedThreadPool(config.ioThreads(), tf);
    }

    StripeStore store() {
        return store;
    }

    /**
     * Starts the write-back of each dirty entry among {@code entries} and returns what to wait on
     * (also for entries already being written). The caller holds the file's lock, either mode.
     */
    List<CompletableFuture<Void>> writeBack(OpenFile f, List<CachedStripe> entries) {
        List<CompletableFuture<Void>> waits = new ArrayList<>(entries.size());
        for (CachedStripe e : entries) {
            if (e.base != null) {
                continue; // its stored bytes are not loaded yet: FileContent resolves it first
            }
            if (cache.startWriteBack(e)) {
                if (isInline(f, e)) {
                    commitInline(e);
                } else {
                    try {
                        io.execute(() -> storeAndCommit(e));
                    } catch (RejectedExecutionException rejected) {
                        f.addWriteError(new FsException(Errno.EIO, "filesystem is shutting down"));
                        cache.endWriteBack(e, false, System.nanoTime());
                    }
                }
            }
            CompletableFuture<Void> busy = cache.busy(e);
            if (busy != null) {
                waits.add(busy);
            }
        }
        return waits;
    }

    private boolean isInline(OpenFile f, CachedStripe e) {
        return e.index == 0 && e.valid <= config.inlineMax() && f.attrs().size() <= config.inlineMax();
    }

    private void commitInline(CachedStripe e) {
        boolean ok = false;
        try {
            commit(e.file, e.index, new StripeRef.Inline(Arrays.copyOf(e.buf, e.valid)), null);
            ok = true;
        } catch (FsException ex) {
            LOG.warn("inline write-back of {} failed: {}", e, ex.getMessage());
            e.file.addWriteError(ex);
        } finally {
            cache.endWriteBack(e, ok, System.nanoTime());
        }
    }

    private void storeAndCommit(CachedStripe e) {
        OpenFile f = e.file;
        int len = e.valid;
        StripeKey key = null;
        boolean ok = false;
        try {
            long gen = meta.write(t -> {
                long g = Counters.nextGeneration(t);
                Garbage.intent(t, new StripeKey(f.fileId(), e.index, g));
                return g;
            });
            key = new StripeKey(f.fileId(), e.index, gen);
            store.put(key, e.buf, 0, len);
            commit(f, e.index, new StripeRef.Stored(gen, len), key);
            ok = true;
        } catch (StoreException | FsException | RuntimeException ex) {
            LOG.warn("write-back of {} failed (kept dirty, reported at next fsync/close): {}", e, ex.toString());
            f.addWriteError(ex);
            if (key != null) {
                forgetIntent(key);
            }
        } finally {
            cache.endWriteBack(e, ok, System.nanoTime());
        }
    }

    /** After a failed put: remove what may have been stored, then the intent (best effort). */
    private void forgetIntent(StripeKey key) {
        try {
            store.delete(key);
            meta.write(t -> {
                Garbage.remove(t, key);
                return null;
            });
        } catch (StoreException | FsException ex) {
            LOG.debug("intent for {} stays for recovery: {}", key, ex.toString());
        }
    }

    /** Points stripe {@code s} at {@code ref} and stores the file's attributes, in one transaction. */
    private void commit(OpenFile f, long s, StripeRef ref, StripeKey written) throws FsException {
        meta.write(t -> {
            StripeRef old = Stripes.get(t, f.ino(), s);
            Stripes.put(t, f.ino(), s, ref);
            if (written != null) {
                Garbage.remove(t, written);
            }
            if (old instanceof StripeRef.Stored st
                    && !(ref instanceof StripeRef.Stored now && now.generation() == st.generation())) {
                Garbage.obsolete(t, new StripeKey(f.fileId(), s, st.generation()));
            }
            Inode a = f.takeAttrsForCommit();
            t.onAbort(() -> f.markAttrsDirty(System.nanoTime()));
            Inodes.put(t, a);
            return null;
        });
    }

    /** The whole stripe as the reference describes it (exactly {@code ref.length()} bytes or more). */
    byte[] fetch(OpenFile f, long s, StripeRef ref) throws FsException {
        return switch (ref) {
            case StripeRef.Inline in -> in.data().clone();
            case StripeRef.Stored st -> {
                StripeKey key = new StripeKey(f.fileId(), s, st.generation());
                byte[] data;
                try {
                    data = store.get(key);
                } catch (StoreException ex) {
                    throw readFailure(key, ex);
                }
                if (data.length < st.length()) {
                    throw readFailure(key, new StripeCorruptException(key, "holds " + data.length + " bytes, metadata says "
                            + st.length()));
                }
                yield data;
            }
        };
    }

    /** Bytes {@code [off, off+len)} of a stored stripe, fewer if it ends first. */
    byte[] fetchRange(OpenFile f, long s, StripeRef.Stored st, int off, int len) throws FsException {
        StripeKey key = new StripeKey(f.fileId(), s, st.generation());
        try {
            return store.getPart(key, st.length(), off, len);
        } catch (StoreException ex) {
            throw readFailure(key, ex);
        }
    }

    /** Loads {@code e} (LOADING, already inserted, memory reserved for {@code ref.length()}) in the background. */
    void loadAsync(CachedStripe e, StripeRef ref) {
        try {
            io.execute(() -> {
                try {
                    cache.endLoad(e, zeroTail(fetch(e.file, e.index, ref), ref.length()), ref.length());
                } catch (FsException | RuntimeException ex) {
                    cache.failLoad(e, ex);
                }
            });
        } catch (RejectedExecutionException rejected) {
            cache.failLoad(e, rejected);
        }
    }

    /** Zeros the bytes past {@code valid} (a stripe shortened by truncate keeps its old tail in the store). */
    static byte[] zeroTail(byte[] data, int valid) {
        if (data.length > valid) {
            Arrays.fill(data, valid, data.length, (byte) 0);
        }
        return data;
    }

    private static FsException readFailure(StripeKey key, StoreException ex) {
        switch (ex) {
            case StripeCorruptException c -> LOG.error("stripe {} failed its integrity check: {}", key, c.getMessage());
            case StripeNotFoundException n -> LOG.error("stripe {} is missing from the store", key);
            case StoreUnavailableException u -> LOG.warn("stripe {} could not be read: {}", key, u.getMessage());
        }
        return new FsException(Errno.EIO, "reading stripe " + key + ": " + ex.getMessage(), ex);
    }

    @Override
    public void close() {
        io.shutdown();
        try {
            if (!io.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("store operations still running after 60 s; abandoning them");
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.shutdownNow();
        }
    }
}
