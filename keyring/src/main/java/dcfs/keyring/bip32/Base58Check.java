package dcfs.keyring.bip32;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Bitcoin's Base58Check: Base58 (alphabet without 0, O, I, l) of the payload followed by the
 * first 4 bytes of SHA-256(SHA-256(payload)); each leading zero byte is a leading '1'.
 */
final class Base58Check {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int CHECKSUM_BYTES = 4;

    private Base58Check() {
    }

    static String encode(byte[] payload) {
        byte[] all = Arrays.copyOf(payload, payload.length + CHECKSUM_BYTES);
        System.arraycopy(checksum(payload, payload.length), 0, all, payload.length, CHECKSUM_BYTES);
        StringBuilder out = new StringBuilder();
        BigInteger n = new BigInteger(1, all);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < all.length && all[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    /**
     * The payload of {@code text}.
     *
     * @throws InvalidExtendedKeyException BAD_BASE58 for a character outside the alphabet,
     *     BAD_CHECKSUM if the last 4 bytes do not match
     */
    static byte[] decode(String text) throws InvalidExtendedKeyException {
        BigInteger n = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new InvalidExtendedKeyException(InvalidExtendedKeyException.Reason.BAD_BASE58,
                        "character " + (i + 1) + " '" + text.charAt(i) + "' is not Base58");
            }
            if (leading && digit == 0) {
                zeros++;
            } else {
                leading = false;
            }
            n = n.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
        byte[] all = new byte[zeros + magnitude.length - skip];
        System.arraycopy(magnitude, skip, all, zeros, magnitude.length - skip);
        if (all.length < CHECKSUM_BYTES) {
            throw new InvalidExtendedKeyException(InvalidExtendedKeyException.Reason.BAD_LENGTH,
                    "too short to hold a checksum");
        }
        int len = all.length - CHECKSUM_BYTES;
        byte[] expected = checksum(all, len);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(all, len, all.length))) {
            throw new InvalidExtendedKeyException(InvalidExtendedKeyException.Reason.BAD_CHECKSUM,
                    "bad checksum: a character is wrong or missing");
        }
        return Arrays.copyOf(all, len);
    }

    private static byte[] checksum(byte[] data, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(data, 0, length);
            return Arrays.copyOf(sha.digest(sha.digest()), CHECKSUM_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
