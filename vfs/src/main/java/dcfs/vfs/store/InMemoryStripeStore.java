package dcfs.vfs.store;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Stripes in a map, for tests. Copies in and out, so callers can reuse their arrays. */
public final class InMemoryStripeStore implements StripeStore {
    private final Map<StripeKey, byte[]> stripes = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();
    private final long totalBytes;
    private volatile boolean closed;

    public InMemoryStripeStore() {
        this(1L << 40);
    }

    public InMemoryStripeStore(long totalBytes) {
        this.totalBytes = totalBytes;
    }

    @Override
    public void put(StripeKey key, byte[] data, int off, int len) throws StoreException {
        checkOpen(key);
        byte[] copy = Arrays.copyOfRange(data, off, off + len);
        byte[] old = stripes.put(key, copy);
        used.addAndGet(len - (old == null ? 0 : old.length));
    }

    @Override
    public byte[] get(StripeKey key) throws StoreException {
        checkOpen(key);
        byte[] b = stripes.get(key);
        if (b == null) {
            throw new StripeNotFoundException(key);
        }
        return b.clone();
    }

    @Override
    public byte[] get(StripeKey key, int offset, int length) throws StoreException {
        checkOpen(key);
        byte[] b = stripes.get(key);
        if (b == null) {
            throw new StripeNotFoundException(key);
        }
        if (offset >= b.length) {
            return new byte[0];
        }
        return Arrays.copyOfRange(b, offset, offset + Math.min(length, b.length - offset));
    }

    @Override
    public void delete(StripeKey key) throws StoreException {
        checkOpen(key);
        byte[] old = stripes.remove(key);
        if (old != null) {
            used.addAndGet(-old.length);
        }
    }

    @Override
    public void flush() throws StoreException {
        checkOpen(null);
    }

    @Override
    public StoreCapacity capacity() {
        return new StoreCapacity(totalBytes, Math.max(0, totalBytes - used.get()));
    }

    /** The keys held now (tests check that garbage is collected). */
    public Set<StripeKey> keys() {
        return Set.copyOf(stripes.keySet());
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen(StripeKey key) throws StoreUnavailableException {
        if (closed) {
            throw new StoreUnavailableException(key, "store is closed", null);
        }
    }
}
