package dcfs.replicanet.client;

/**
 * A read could not gather k authentic shards from any holder or candidate; the message lists what
 * was tried. The counts let a caller tell a stripe nobody stores (every answer was "not found")
 * from one that is damaged (shards failed authentication) or out of reach (nodes failed or timed out).
 */
public final class NotEnoughShardsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int notFoundAnswers;
    private final int otherFailures;
    private final int rejectedShards;

    public NotEnoughShardsException(int notFoundAnswers, int otherFailures, int rejectedShards, String message) {
        super(message);
        this.notFoundAnswers = notFoundAnswers;
        this.otherFailures = otherFailures;
        this.rejectedShards = rejectedShards;
    }

    public NotEnoughShardsException(String message) {
        this(0, 0, 0, message);
    }

    /** Every holder that answered said it has no such shard, and none failed or sent a bad one. */
    public boolean nothingStored() {
        return notFoundAnswers > 0 && otherFailures == 0 && rejectedShards == 0;
    }

    /** Shards arrived but failed authentication. */
    public int rejectedShards() {
        return rejectedShards;
    }
}
