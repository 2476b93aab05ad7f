package dcfs.replicanet.wire;

/**
 * A peer broke the wire protocol. The node answers with an {@code ERROR} frame carrying
 * {@link #code()} and this message for {@link #requestId()}, and closes the connection when the code
 * says so.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final int requestId;

    public ProtocolException(ErrorCode code, int requestId, String message) {
        super(message);
        this.code = code;
        this.requestId = requestId;
    }

    public ErrorCode code() {
        return code;
    }

    public int requestId() {
        return requestId;
    }
}
