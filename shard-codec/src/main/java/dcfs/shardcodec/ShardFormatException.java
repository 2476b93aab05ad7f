package dcfs.shardcodec;

/**
 * A shard header that cannot be read: from a format version this build does not read
 * ({@link ShardTooOldException}, {@link ShardTooNewException}) or damaged
 * ({@link CorruptShardException}) — Lucene's {@code CodecUtil.checkHeader} split, so a caller can
 * tell "upgrade dcfs" from "this shard is bad" (docs/shard-format.md, "Errors").
 */
public abstract sealed class ShardFormatException extends Exception
        permits ShardTooOldException, ShardTooNewException, CorruptShardException {
    private static final long serialVersionUID = 1L;
    private final transient Rejection rejection;

    ShardFormatException(Rejection rejection) {
        super(rejection.describe());
        this.rejection = rejection;
    }

    /** The same fact as a rejection reason, for decoders that turn it into an erasure. */
    public Rejection rejection() {
        return rejection;
    }
}
