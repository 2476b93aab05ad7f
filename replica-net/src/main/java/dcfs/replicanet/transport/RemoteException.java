package dcfs.replicanet.transport;

import dcfs.replicanet.wire.ErrorCode;

/** A node answered a request with an ERROR frame. */
public final class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RemoteException(String node, ErrorCode code, String message) {
        super("node " + node + ": " + code + ": " + message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
