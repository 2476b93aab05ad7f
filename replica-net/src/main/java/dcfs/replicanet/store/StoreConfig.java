package dcfs.replicanet.store;

/**
 * How a {@link ShardStore} sizes itself.
 *
 * @param initialMapSize LMDB map size to open with (grows by doubling when full)
 * @param capacity bytes of shards this node offers; 0 means "whatever the disk holds"
 * @param diskReserve bytes always left free on the disk: puts that would eat into them are refused
 * @param maxBatchBytes most shard bytes one group commit writes
 */
public record StoreConfig(long initialMapSize, long capacity, long diskReserve, long maxBatchBytes) {
    public static StoreConfig defaults() {
        return new StoreConfig(64L << 20, 0, 256L << 20, 64L << 20);
    }

    public StoreConfig withCapacity(long bytes) {
        return new StoreConfig(initialMapSize, bytes, diskReserve, maxBatchBytes);
    }

    public StoreConfig withInitialMapSize(long bytes) {
        return new StoreConfig(bytes, capacity, diskReserve, maxBatchBytes);
    }
}
