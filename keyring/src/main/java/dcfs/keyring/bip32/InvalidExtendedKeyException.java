package dcfs.keyring.bip32;

/** A serialized extended key (xprv/xpub) that BIP32 says must be rejected; {@link #reason()} says which rule. */
public final class InvalidExtendedKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The rule a serialized key broke. */
    public enum Reason {
        /** A character outside the Base58 alphabet. */
        BAD_BASE58,
        /** The Base58Check checksum does not match. */
        BAD_CHECKSUM,
        /** Not 78 bytes. */
        BAD_LENGTH,
        /** Version bytes other than mainnet xprv (0488ADE4) or xpub (0488B21E). */
        UNKNOWN_VERSION,
        /** An xprv whose key data does not start with 0x00, or an xpub whose does. */
        KEY_TYPE_MISMATCH,
        /** A private key of 0 or not below the curve order n. */
        INVALID_PRIVATE_KEY,
        /** A public key that is not a compressed point on secp256k1. */
        INVALID_PUBLIC_KEY,
        /** Depth 0 with a parent fingerprint or child number that is not 0. */
        BAD_MASTER
    }

    private final Reason reason;

    public InvalidExtendedKeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
