package dcfs.shardcodec;

/**
 * Part of one encrypted shard as a node can return it for a range read: the shard's header
 * followed directly by the encrypted bytes (tags included) of whole segments from
 * {@code firstSegment} on. A whole shard is the piece with {@code firstSegment} 0.
 * ({@code ShardLayout.locate} says which segments a read needs and where they are.)
 *
 * @param bytes        header ‖ segments; not copied, the decoder only reads it
 * @param firstSegment the segment that starts right after the header in {@code bytes}
 */
public record ShardPiece(byte[] bytes, int firstSegment) {
    public ShardPiece {
        if (bytes == null || firstSegment < 0) {
            throw new IllegalArgumentException("a piece needs bytes and a first segment ≥ 0");
        }
    }

    public static ShardPiece whole(byte[] shard) {
        return new ShardPiece(shard, 0);
    }
}
