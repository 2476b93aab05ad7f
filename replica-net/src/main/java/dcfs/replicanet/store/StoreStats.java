package dcfs.replicanet.store;

/**
 * A store's figures, in bytes.
 *
 * @param shards shards held
 * @param shardBytes bytes of shards held (payload only)
 * @param mapSize current LMDB map size
 * @param mapUsed bytes of the map in use
 * @param diskTotal size of the file system holding the store
 * @param diskUsable bytes the node may still write there
 * @param capacity bytes offered (0: the disk)
 * @param full true if the last put was refused for lack of room
 */
public record StoreStats(long shards, long shardBytes, long mapSize, long mapUsed, long diskTotal, long diskUsable,
        long capacity, boolean full) {
}
