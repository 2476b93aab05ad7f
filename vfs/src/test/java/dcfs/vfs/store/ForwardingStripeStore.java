package dcfs.vfs.store;

/**
 * A store that passes every call to another: test wrappers override only what they change.
 * {@code getPart} is left to the interface's default, i.e. through this wrapper's own ranged get.
 */
public abstract class ForwardingStripeStore implements StripeStore {
    protected final StripeStore inner;

    protected ForwardingStripeStore(StripeStore inner) {
        this.inner = inner;
    }

    @Override
    public void put(StripeKey key, byte[] data, int off, int len) throws StoreException {
        inner.put(key, data, off, len);
    }

    @Override
    public byte[] get(StripeKey key) throws StoreException {
        return inner.get(key);
    }

    @Override
    public byte[] get(StripeKey key, int offset, int length) throws StoreException {
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
