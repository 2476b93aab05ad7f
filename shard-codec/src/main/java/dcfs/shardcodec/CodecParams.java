package dcfs.shardcodec;

import dcfs.shardcodec.rs.ReedSolomon;
import dcfs.shardcodec.v1.ShardHeader;

/**
 * How a stripe is cut: {@code k} data shards, {@code m} parity shards, and the plaintext size of
 * each AEAD segment of a shard's payload (docs/shard-format.md, "Segments").
 *
 * @param k           data shards, at least 1
 * @param m           parity shards, at least 1; k + m at most 256
 * @param segmentSize plaintext bytes per AES-GCM call, {@link ShardHeader#MIN_SEGMENT_SIZE} to
 *                    {@link ShardHeader#MAX_SEGMENT_SIZE}: the JDK's GCM is fast on calls up to 256 KiB
 *                    and slow beyond, and a small read authenticates one whole segment
 */
public record CodecParams(int k, int m, int segmentSize) {
    public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;
    /** k=4, m=2, 64 KiB segments (DESIGN.md, "Shards"). */
    public static final CodecParams DEFAULT = new CodecParams(4, 2, DEFAULT_SEGMENT_SIZE);

    public CodecParams {
        ReedSolomon.checkShape(k, m);
        if (segmentSize < ShardHeader.MIN_SEGMENT_SIZE || segmentSize > ShardHeader.MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size must be " + ShardHeader.MIN_SEGMENT_SIZE + " to "
                    + ShardHeader.MAX_SEGMENT_SIZE + " bytes, got " + segmentSize);
        }
    }

    public static CodecParams of(int k, int m) {
        return new CodecParams(k, m, DEFAULT_SEGMENT_SIZE);
    }

    public int totalShards() {
        return k + m;
    }
}
