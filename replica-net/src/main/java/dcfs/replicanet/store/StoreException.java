package dcfs.replicanet.store;

import dcfs.replicanet.wire.ErrorCode;

/** A store operation was refused or failed; {@link #code()} is the wire error the node answers with. */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public StoreException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public StoreException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
