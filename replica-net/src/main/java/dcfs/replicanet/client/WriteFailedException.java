package dcfs.replicanet.client;

/** A stripe write could not make every shard durable on some node; the message says which and why. */
public final class WriteFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WriteFailedException(String message) {
        super(message);
    }
}
