package dcfs.replicanet.transport;

/** A node could not be reached or dropped the connection; the message names it and says how. */
public final class NodeUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeUnavailableException(String message) {
        super(message);
    }

    public NodeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
