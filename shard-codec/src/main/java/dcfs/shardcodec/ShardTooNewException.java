package dcfs.shardcodec;

/** The shard's format version is newer than this build reads: a newer dcfs wrote it. */
public final class ShardTooNewException extends ShardFormatException {
    private static final long serialVersionUID = 1L;

    public ShardTooNewException(int version, int oldest, int newest) {
        super(new Rejection.UnsupportedVersion(version, oldest, newest));
    }
}
