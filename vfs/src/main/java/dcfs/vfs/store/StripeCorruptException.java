package dcfs.vfs.store;

/** The stored bytes failed their integrity check (or, on the network, their authentication). */
public final class StripeCorruptException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StripeCorruptException(StripeKey key, String message) {
        super(key, "stripe " + key + " is corrupt: " + message, null);
    }
}
