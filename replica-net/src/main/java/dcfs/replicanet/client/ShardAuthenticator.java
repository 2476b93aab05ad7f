package dcfs.replicanet.client;

/**
 * The caller's check of each shard as it arrives (the shard format's AEAD tags; a hash in tests).
 * A shard that fails is treated as missing: the read asks another holder and reports it.
 *
 * <p>Called on a network thread, once per arriving shard, possibly concurrently for different
 * shards: must be thread-safe and must not block.
 */
@FunctionalInterface
public interface ShardAuthenticator {
    /**
     * @param index the shard's index in the stripe (0..k+m-1)
     * @param offset where {@code bytes} start in the shard (0 for whole-shard reads)
     * @param bytes the bytes read, lent for the call: the read hands them back to the client's
     *              shard pool unless they become one of its results ({@link StripeShards#shards})
     * @param shardLength the whole shard's length as the node holds it
     * @return true if the bytes are authentic
     */
    boolean authenticate(int index, int offset, byte[] bytes, int shardLength);
}
