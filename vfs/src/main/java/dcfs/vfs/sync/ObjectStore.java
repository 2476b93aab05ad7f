package dcfs.vfs.sync;

import dcfs.vfs.store.NetworkStripeStore;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StripeKey;
import dcfs.vfs.store.StripeStore;

/**
 * Where metadata objects' stripes go: the filesystem's own stripe store, with a recovery blob on
 * each stripe when the store can seal one into its shards ({@link NetworkStripeStore}).
 */
public interface ObjectStore {
    /** Stores one stripe of an object; returns once durable. */
    void put(StripeKey key, byte[] recoveryBlob, byte[] data, int off, int len) throws StoreException;

    byte[] get(StripeKey key) throws StoreException;

    /** Removes one stripe of an object (may finish later; {@link #flush} waits). */
    void delete(StripeKey key) throws StoreException;

    void flush() throws StoreException;

    /** Objects on the nodes, each shard marked with its blob. */
    static ObjectStore of(NetworkStripeStore store) {
        return new Over(store) {
            @Override
            public void put(StripeKey key, byte[] blob, byte[] data, int off, int len) throws StoreException {
                store.putWithBlob(key, blob, data, off, len);
            }
        };
    }

    /** Objects in any stripe store, without blobs (tests; reading from offline node stores). */
    static ObjectStore of(StripeStore store) {
        return new Over(store);
    }

    /** Plain stripe-store calls; the blob is dropped. */
    class Over implements ObjectStore {
        private final StripeStore store;

        Over(StripeStore store) {
            this.store = store;
        }

        @Override
        public void put(StripeKey key, byte[] blob, byte[] data, int off, int len) throws StoreException {
            store.put(key, data, off, len);
        }

        @Override
        public byte[] get(StripeKey key) throws StoreException {
            return store.get(key);
        }

        @Override
        public void delete(StripeKey key) throws StoreException {
            store.delete(key);
        }

        @Override
        public void flush() throws StoreException {
            store.flush();
        }
    }
}
