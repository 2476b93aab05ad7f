package dcfs.replicanet.record;

/**
 * The two checks a node makes on a signed record, supplied by the keyring (secp256k1 filesystem
 * identity keys): does the public key own this locator, and does the signature verify. Kept as an
 * interface so the store is testable with any signature scheme.
 */
public interface RecordCrypto {
    /** The 32-byte locator that {@code publicKey}'s records live under. */
    byte[] locatorOf(byte[] publicKey);

    /** True if {@code signature} is a valid signature of {@code message} by {@code publicKey}. */
    boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}
