package dcfs.vfs.store;

import java.util.Arrays;

/**
 * The only way vfs reaches storage: whole stripes of plaintext, named by {@link StripeKey}.
 *
 * <p>Implementations: {@link InMemoryStripeStore} (tests), {@link DirectoryStripeStore} (the local
 * development store, one file per stripe), and in the network stage a {@code NetworkStripeStore}
 * that erasure-codes and encrypts each stripe into shards on the nodes. Everything below is what
 * vfs relies on; a new implementation must pass {@code StripeStoreContract} (vfs tests).
 *
 * <p>Thread safety: every method may be called from several threads at once, for different keys
 * and for the same key.
 */
public interface StripeStore extends AutoCloseable {
    /**
     * Stores {@code data[off, off+len)} as the stripe {@code key}, and returns only when it is
     * durable (survives a crash of this process and of the machine). Storing the same key again
     * with the same bytes is allowed (a retry) and replaces the earlier copy. The array is only
     * read during the call; the caller keeps ownership.
     */
    void put(StripeKey key, byte[] data, int off, int len) throws StoreException;

    /**
     * The plaintext exactly as {@link #put} stored it.
     *
     * @throws StripeNotFoundException  no such stripe (never stored, or deleted)
     * @throws StoreUnavailableException the store cannot answer now (retry may help)
     * @throws StripeCorruptException   the stored bytes fail their integrity check
     */
    byte[] get(StripeKey key) throws StoreException;

    /**
     * Bytes {@code [offset, offset+length)} of the stripe, shorter if the stripe ends first (empty
     * if {@code offset} is at or past its end). The default slices a full {@link #get}; stores that
     * can fetch part of a stripe (one segment for a 4 KiB read) override it.
     */
    default byte[] get(StripeKey key, int offset, int length) throws StoreException {
        return slice(get(key), offset, length);
    }

    /**
     * {@link #get(StripeKey, int, int)} for a stripe the caller believes is {@code stripeLength}
     * bytes long (what the metadata says): enough for a store to compute where the range lives
     * without reading the stripe first. A wrong belief costs speed, never correctness.
     */
    default byte[] getPart(StripeKey key, int stripeLength, int offset, int length) throws StoreException {
        return get(key, offset, length);
    }

    /** Bytes {@code [offset, offset+length)} of {@code all}, fewer if it ends first. */
    static byte[] slice(byte[] all, int offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length);
        }
        if (offset >= all.length) {
            return new byte[0];
        }
        return Arrays.copyOfRange(all, offset, offset + Math.min(length, all.length - offset));
    }

    /**
     * A buffer for a stripe of {@code length} bytes, for the cache to fill. Its bytes are arbitrary
     * (a store may lend one handed back through {@link #recycle}). The default allocates.
     */
    default byte[] stripeBuffer(int length) {
        return new byte[length];
    }

    /**
     * Hands back a buffer from {@link #get} or {@link #stripeBuffer} that nothing reads any more, for
     * the store to lend again. The default leaves it to the garbage collector.
     */
    default void recycle(byte[] buffer) {
    }

    /**
     * How many bytes of buffers handed back through {@link #recycle} the store may keep to lend
     * again: the cache passes its budget, since every buffer it holds may come back at once when its
     * files close. The default keeps none.
     */
    default void keepBuffers(long bytes) {
    }

    /**
     * Removes a stripe. May finish asynchronously; deleting a missing stripe is not an error. vfs
     * calls this only once the metadata that no longer points at the stripe is durable.
     */
    void delete(StripeKey key) throws StoreException;

    /** Makes every completed {@link #delete} (and anything else buffered) durable. */
    void flush() throws StoreException;

    /** Total and free bytes, for statfs. */
    StoreCapacity capacity() throws StoreException;

    /** Releases resources; idempotent. Does not delete anything. */
    @Override
    void close() throws StoreException;
}
