package dcfs.vfs.store;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a store and fails on request: for tests of error reporting. */
public final class FaultyStripeStore implements StripeStore {
    private final StripeStore inner;
    public final AtomicBoolean failPuts = new AtomicBoolean();
    public final AtomicBoolean failGets = new AtomicBoolean();
    public final AtomicBoolean noSpace = new AtomicBoolean();
    public final AtomicInteger puts = new AtomicInteger();

    public FaultyStripeStore(StripeStore inner) {
        this.inner = inner;
    }

    @Override
    public void put(StripeKey key, byte[] data, int off, int len) throws StoreException {
        puts.incrementAndGet();
        if (failPuts.get()) {
            throw new StoreUnavailableException(key, "injected put failure", null, noSpace.get());
        }
        inner.put(key, data, off, len);
    }

    @Override
    public byte[] get(StripeKey key) throws StoreException {
        if (failGets.get()) {
            throw new StripeCorruptException(key, "injected corruption");
        }
        return inner.get(key);
    }

    @Override
    public byte[] get(StripeKey key, int offset, int length) throws StoreException {
        if (failGets.get()) {
            throw new StripeCorruptException(key, "injected corruption");
        }
        return inner.get(key, offset, length);
    }

    @Override
    public void delete(StripeKey key) throws StoreException {
        inner.delete(key);
    }

    @Override
    public void flush() throws StoreException {
        inner.flush();
    }

    @Override
    public StoreCapacity capacity() throws StoreException {
        return inner.capacity();
    }

    @Override
    public void close() throws StoreException {
        inner.close();
    }

    @Override
    public byte[] stripeBuffer(int length) {
        return inner.stripeBuffer(length);
    }

    @Override
    public void recycle(byte[] buffer) {
        inner.recycle(buffer);
    }
}
