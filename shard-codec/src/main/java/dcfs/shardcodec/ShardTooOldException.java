package dcfs.shardcodec;

/** The shard's format version is older than any this build reads. */
public final class ShardTooOldException extends ShardFormatException {
    private static final long serialVersionUID = 1L;

    public ShardTooOldException(int version, int oldest, int newest) {
        super(new Rejection.UnsupportedVersion(version, oldest, newest));
    }
}
