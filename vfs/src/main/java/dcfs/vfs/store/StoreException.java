package dcfs.vfs.store;

/**
 * A store operation failed. The three kinds are distinct because vfs reacts differently: a missing
 * or corrupt stripe is an I/O error for that file (logged with its key), an unavailable store may
 * be retried.
 */
public abstract sealed class StoreException extends Exception
        permits StripeNotFoundException, StoreUnavailableException, StripeCorruptException {
    private static final long serialVersionUID = 1L;
    private final transient StripeKey key;

    protected StoreException(StripeKey key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The stripe concerned, or null for store-wide failures. */
    public StripeKey key() {
        return key;
    }
}
