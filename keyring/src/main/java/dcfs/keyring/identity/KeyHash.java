package dcfs.keyring.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * The hash that names keys in a network: SHA-256 over the DER SubjectPublicKeyInfo, the same
 * value as an HPKP pin, so anyone can recompute it with
 * {@code openssl x509 -in identity.crt -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum}.
 */
final class KeyHash {
    static final int BYTES = 32;
    static final int HEX_CHARS = 2 * BYTES;
    /** How many hex characters of an id messages show: 64 bits, plenty to tell keys apart by eye. */
    static final int SHORT_CHARS = 16;

    private KeyHash() {
    }

    static String hex(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    static String checkHex(String hex, String what) {
        if (hex == null || hex.length() != HEX_CHARS || !hex.chars().allMatch(KeyHash::isLowerHex)) {
            throw new IllegalArgumentException(what + " must be " + HEX_CHARS + " lower-case hex characters: " + hex);
        }
        return hex;
    }

    static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
