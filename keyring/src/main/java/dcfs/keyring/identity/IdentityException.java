package dcfs.keyring.identity;

/**
 * A network or node identity could not be created, read or used: a missing or malformed file, a
 * key that does not match its certificate, a revocation list with a bad signature. The message
 * names the file and the fact, in one line a user can act on.
 */
public class IdentityException extends Exception {
    private static final long serialVersionUID = 1L;

    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
