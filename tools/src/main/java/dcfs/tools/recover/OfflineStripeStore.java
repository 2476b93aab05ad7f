package dcfs.tools.recover;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.ShardId;
import dcfs.shardcodec.OpenedShard;
import dcfs.shardcodec.ShardIds;
import dcfs.shardcodec.StripeAddress;
import dcfs.shardcodec.StripeAssembly;
import dcfs.shardcodec.StripeDecoder;
import dcfs.shardcodec.StripeKeys;
import dcfs.shardcodec.StripeUndecodableException;
import dcfs.vfs.store.StoreCapacity;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StoreUnavailableException;
import dcfs.vfs.store.StripeCorruptException;
import dcfs.vfs.store.StripeKey;
import dcfs.vfs.store.StripeNotFoundException;
import dcfs.vfs.store.StripeStore;
import dcfs.vfs.sync.FsShape;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A filesystem's stripes read straight out of node stores, with no node running: the same names
 * as {@code NetworkStripeStore} (shard ids and the stripe tag from the shard-tag key, the file key
 * from the key tree), every copy of every shard tried until one authenticates, Reed-Solomon around
 * the rest. Read-only. Counts what it had to do, for the recovery summary.
 */
final class OfflineStripeStore implements StripeStore {
    private final NodeStores stores;
    private final KeyTree keys;
    private final FsShape shape;
    private final byte[] tagKey;
    private final StripeDecoder decoder = new StripeDecoder();
    final AtomicLong stripesRead = new AtomicLong();
    /** Stripes that needed parity: a shard was missing everywhere, or every copy of it was damaged. */
    final AtomicLong decodedAround = new AtomicLong();
    final AtomicLong lost = new AtomicLong();

    OfflineStripeStore(NodeStores stores, KeyTree keys, FsShape shape) {
        this.stores = stores;
        this.keys = keys;
        this.shape = shape;
        this.tagKey = keys.shardTagKey().getEncoded();
    }

    @Override
    public synchronized byte[] get(StripeKey key) throws StoreException {
        byte[] fileId = key.fileId().bytes();
        StripeAddress address = StripeAddress.derive(tagKey, fileId, key.stripe(), key.generation(), shape.keyEpoch());
        StripeKeys sk = new StripeKeys(keys.dataKey(shape.keyEpoch(), fileId), keys.recoveryKey());
        StripeAssembly assembly = new StripeAssembly(address);
        int total = shape.dataShards() + shape.parityShards();
        boolean anyShard = false;
        boolean around = false;
        for (int i = 0; i < total && !assembly.ready(); i++) {
            List<byte[]> copies = stores.copies(new ShardId(ShardIds.shardId(tagKey, fileId, key.stripe(),
                    key.generation(), i)));
            anyShard |= !copies.isEmpty();
            boolean good = false;
            for (byte[] c : copies) {
                if (decoder.authenticateInto(assembly, sk, i, c) instanceof OpenedShard) {
                    good = true;
                    break;
                }
            }
            around |= !good;
        }
        stripesRead.incrementAndGet();
        if (!anyShard) {
            lost.incrementAndGet();
            throw new StripeNotFoundException(key);
        }
        try {
            byte[] data = assembly.finish().data();
            if (around) {
                decodedAround.incrementAndGet();
            }
            return data;
        } catch (StripeUndecodableException e) {
            lost.incrementAndGet();
            throw new StripeCorruptException(key, e.getMessage());
        }
    }

    @Override
    public void put(StripeKey key, byte[] data, int off, int len) throws StoreException {
        throw new StoreUnavailableException(key, "recovery reads node stores; it never writes them", null);
    }

    @Override
    public void delete(StripeKey key) throws StoreException {
        throw new StoreUnavailableException(key, "recovery reads node stores; it never deletes from them", null);
    }

    @Override
    public void flush() {
    }

    @Override
    public StoreCapacity capacity() {
        return new StoreCapacity(0, 0);
    }

    @Override
    public void close() {
    }
}
