package dcfs.vfs.store;

/** The stripe was never stored or has been deleted. */
public final class StripeNotFoundException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StripeNotFoundException(StripeKey key) {
        super(key, "stripe " + key + " not found", null);
    }
}
