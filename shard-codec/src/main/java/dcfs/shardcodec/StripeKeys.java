package dcfs.shardcodec;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two AES-256 keys a stripe is sealed with (docs/shard-format.md, "Keys").
 *
 * @param fileKey     encrypts and authenticates the payload segments; one per file and key epoch
 * @param recoveryKey seals the recovery block; one per filesystem, so that {@code dcfs recover}
 *                    can learn from a shard alone which file it belongs to
 */
public record StripeKeys(SecretKey fileKey, SecretKey recoveryKey) {
    public static final int KEY_LENGTH = 32;

    public StripeKeys {
        check("file key", fileKey);
        check("recovery key", recoveryKey);
    }

    /** Keys from raw 32-byte values (tests, tools); the arrays are copied. */
    public static StripeKeys of(byte[] fileKey, byte[] recoveryKey) {
        return new StripeKeys(aes256(fileKey), aes256(recoveryKey));
    }

    public static SecretKey aes256(byte[] raw) {
        if (raw == null || raw.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an AES-256 key is " + KEY_LENGTH + " bytes, got "
                    + (raw == null ? "null" : raw.length));
        }
        return new SecretKeySpec(raw, "AES");
    }

    private static void check(String what, SecretKey key) {
        if (key == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException(what + " must be an AES key, got " + key.getAlgorithm());
        }
        // A key that does not export its bytes (a hardware token) cannot be measured; the cipher
        // checks it. One that does must be AES-256, not a silently weaker AES-128.
        byte[] raw = key.getEncoded();
        if (raw != null && raw.length != KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be AES-256 (" + KEY_LENGTH + " bytes), got "
                    + raw.length + " bytes");
        }
    }

    @Override
    public String toString() {
        return "StripeKeys[redacted]";
    }
}
