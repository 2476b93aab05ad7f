package dcfs.shardcodec;

/**
 * The header is damaged or not a shard header at all: bad magic, a field out of range, fields that
 * contradict each other, or fewer bytes than the header needs.
 */
public final class CorruptShardException extends ShardFormatException {
    private static final long serialVersionUID = 1L;

    public CorruptShardException(Rejection rejection) {
        super(rejection);
    }

    public CorruptShardException(String detail) {
        super(new Rejection.CorruptHeader(detail));
    }
}
