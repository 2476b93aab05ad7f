package dcfs.vfs.store;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a store and fails on request: for tests of error reporting. */
public final class FaultyStripeStore extends ForwardingStripeStore {
    public final AtomicBoolean failPuts = new AtomicBoolean();
    public final AtomicBoolean failGets = new AtomicBoolean();
    public final AtomicBoolean noSpace = new AtomicBoolean();
    public final AtomicInteger puts = new AtomicInteger();

    public FaultyStripeStore(StripeStore inner) {
        super(inner);
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
}
