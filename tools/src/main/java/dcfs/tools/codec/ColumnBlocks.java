package dcfs.tools.codec;

/**
 * How many bytes of each shard are processed at a time. Shards are coded column block by column
 * block (the same byte range of every shard), so memory is (k + m) × block whatever the file size.
 */
final class ColumnBlocks {
    /** Memory for all k + m blocks together: fits a small heap beside the JVM's own needs. */
    static final long BUDGET_BYTES = 16L << 20;
    /** Largest block per shard: past 1 MiB, bigger reads and writes buy nothing. */
    static final int MAX_BLOCK_BYTES = 1 << 20;
    /** Smallest block per shard (256 shards × 64 KiB = 16 MiB). */
    static final int MIN_BLOCK_BYTES = 64 << 10;

    private ColumnBlocks() {
    }

    /** The block size for {@code totalShards} shards of {@code shardBytes}; {@code forced} > 0 overrides. */
    static int blockBytes(int totalShards, long shardBytes, int forced) {
        long block = forced > 0 ? forced
                : Math.clamp(BUDGET_BYTES / totalShards, MIN_BLOCK_BYTES, MAX_BLOCK_BYTES);
        return (int) Math.max(1, Math.min(block, shardBytes));
    }
}
