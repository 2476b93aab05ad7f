package dcfs.vfs.data;

import java.util.concurrent.CompletableFuture;

/**
 * One stripe of an open file in memory.
 *
 * <p>Guarded by {@code StripeCache.lock}: {@link #state}, {@link #busy}, {@link #dirtySince},
 * membership in the owner's map. The buffer and {@link #valid}/{@link #accounted} change only
 * under the owner's write lock while the state is {@link State#DIRTY} (or during creation, before
 * the entry is visible); a CLEAN, LOADING or WRITING entry's bytes are frozen, which is what lets
 * readers copy out of {@link #buf} without holding the cache lock. A reader pins the entry while it
 * copies, so that an eviction meanwhile does not hand the buffer to the store for reuse.
 *
 * <p>Only bytes {@code [0, valid)} mean anything; the buffer past them may hold what a previous
 * stripe left there (the store lends recycled buffers), so a write past {@code valid} zeroes the
 * gap first.
 */
final class CachedStripe {
    enum State {
        /** A store read is filling the buffer; wait on {@link #busy}. */
        LOADING,
        /** Same bytes as the store (or inline copy) the metadata points at; evictable. */
        CLEAN,
        /** Changed in memory only. */
        DIRTY,
        /** A write-back has a snapshot of the buffer in flight; writers wait on {@link #busy}. */
        WRITING
    }

    final OpenFile file;
    final long index;
    byte[] buf;
    /** Meaningful bytes from the stripe's start; the rest (up to the file size) reads as zeros. */
    int valid;
    /**
     * A stored stripe whose bytes {@code [valid, base.length())} this entry stands for without
     * having loaded them: a write from the stripe's start that did not cover it (most likely the
     * first of a sequential overwrite, whose next writes will) does not read the stripe first.
     * Readers take those bytes from the store; anything else that needs them — a write past
     * {@code valid}, a truncate, a write-back — loads them first ({@code FileContent.resolve}).
     * Non-null only on a DIRTY entry, and changed only under the owner's write lock, so a reader
     * (who holds the read lock) sees it stable. An entry with a base is never written back.
     */
    dcfs.vfs.meta.StripeRef.Stored base;
    /** Bytes of this stripe counted in the file's {@code allocated} attribute. */
    int accounted;
    /** Bytes of the cache budget this entry holds (its buffer, or what its load will bring). */
    int charged;
    State state;
    long dirtySince;
    CompletableFuture<Void> busy;
    /** Readers copying out of {@link #buf} right now (see {@link StripeCache#lookupPinned}). */
    int readers;
    /** Evicted while pinned: the last reader to unpin hands the buffer back. */
    boolean evicted;

    CachedStripe(OpenFile file, long index, byte[] buf, int valid, State state) {
        this.file = file;
        this.index = index;
        this.buf = buf;
        this.valid = valid;
        this.accounted = valid;
        this.charged = buf.length;
        this.state = state;
    }

    @Override
    public String toString() {
        return "stripe " + index + " of inode " + file.ino() + " (" + state + ", " + valid + " bytes)";
    }
}
