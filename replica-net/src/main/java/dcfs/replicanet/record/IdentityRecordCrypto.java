package dcfs.replicanet.record;

import dcfs.keyring.IdentityKey;

/**
 * Record checks with the keyring's filesystem identity scheme: secp256k1, 33-byte compressed
 * public keys, 64-byte r‖s low-S signatures ({@link IdentityKey#verify}), locator =
 * {@link IdentityKey#superblockLocator}.
 */
public final class IdentityRecordCrypto implements RecordCrypto {
    public static final IdentityRecordCrypto INSTANCE = new IdentityRecordCrypto();

    private IdentityRecordCrypto() {
    }

    @Override
    public byte[] locatorOf(byte[] publicKey) {
        if (publicKey.length != IdentityKey.PUBLIC_KEY_BYTES) {
            // No key of this scheme: no locator it could own.
            return new byte[0];
        }
        return IdentityKey.superblockLocator(publicKey);
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return IdentityKey.verify(publicKey, message, signature);
    }
}
