package dcfs.replicanet.client;

/** A read could not gather k authentic shards from any holder or candidate; the message lists what was tried. */
public final class NotEnoughShardsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotEnoughShardsException(String message) {
        super(message);
    }
}
