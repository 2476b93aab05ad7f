package dcfs.shardcodec;

/**
 * The outcome of authenticating one shard as it arrives: {@link OpenedShard} (authentic, decrypted,
 * ready for a {@link StripeAssembly}) or {@link RejectedShard} (an erasure, with the reason).
 */
public sealed interface ShardVerdict permits OpenedShard, RejectedShard {
    int index();
}
