package dcfs.shardcodec;

/** Shard {@code index} was not used, for {@code reason}. */
public record RejectedShard(int index, Rejection reason) implements ShardVerdict {
    @Override
    public String toString() {
        return "shard " + index + " (" + reason.describe() + ")";
    }
}
