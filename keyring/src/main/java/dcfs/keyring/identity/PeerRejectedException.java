package dcfs.keyring.identity;

/**
 * A peer's certificate chain was refused. The message says exactly why, e.g. "certificate not
 * signed by network 3fa29c1e0b7d4a55", "node 9c1e5d20aa31f07b is revoked (failed audits)",
 * "certificate of node 9c1e5d20aa31f07b expired on 2026-03-01T00:00:00Z".
 */
public class PeerRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PeerRejectedException(String message) {
        super(message);
    }

    public PeerRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
