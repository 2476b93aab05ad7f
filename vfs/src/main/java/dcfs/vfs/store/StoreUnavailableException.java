package dcfs.vfs.store;

/** The store could not do the operation now (I/O error, disk full, nodes unreachable). */
public final class StoreUnavailableException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final boolean noSpace;

    public StoreUnavailableException(StripeKey key, String message, Throwable cause) {
        this(key, message, cause, false);
    }

    public StoreUnavailableException(StripeKey key, String message, Throwable cause, boolean noSpace) {
        super(key, message, cause);
        this.noSpace = noSpace;
    }

    /** True when the cause is lack of space (vfs reports ENOSPC rather than EIO). */
    public boolean noSpace() {
        return noSpace;
    }
}
