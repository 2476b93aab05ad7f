package dcfs.keyring;

import dcfs.keyring.bip32.ExtendedKey;
import dcfs.keyring.bip32.Secp256k1;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The filesystem identity key (m/7146'/0', secp256k1): signs superblocks; its public key names the
 * filesystem to the storage nodes (see docs/key-tree.md).
 *
 * <p>Signatures: ECDSA over secp256k1 of SHA-256({@value #SIGNATURE_DOMAIN} ‖ 0x00 ‖ message),
 * deterministic k (RFC 6979, HMAC-SHA-256), low-S (s ≤ n/2), encoded as 64 bytes r ‖ s (each
 * 32 bytes big-endian). The domain label keeps these signatures from being valid for anything
 * else the same key might ever sign. {@link #verify} refuses high-S, so a signature has exactly one
 * encoding.
 */
public final class IdentityKey implements AutoCloseable {
    public static final int PUBLIC_KEY_BYTES = 33;
    public static final int SIGNATURE_BYTES = 64;
    public static final int LOCATOR_BYTES = 32;
    /** Bytes of SHA-256 shown as the fingerprint: 128 bits, 32 hex characters. */
    public static final int FINGERPRINT_BYTES = 16;
    static final String SIGNATURE_DOMAIN = "dcfs identity signature v1";
    static final String FINGERPRINT_DOMAIN = "dcfs identity fingerprint v1";
    static final String LOCATOR_DOMAIN = "dcfs superblock locator v1";

    private final ExtendedKey node;
    private final byte[] publicKey;

    /** Takes ownership of {@code node} (closed with this key). */
    IdentityKey(ExtendedKey node) {
        this.node = node;
        this.publicKey = node.publicKey();
    }

    /** The 33-byte compressed public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The xpub of the identity node, the form BIP32 tools print. */
    public String xpub() {
        return node.serializePublic();
    }

    /** The fingerprint of this identity; see {@link #fingerprint(byte[])}. */
    public String fingerprint() {
        return fingerprint(publicKey);
    }

    /**
     * The fingerprint a user compares: the first 16 bytes of SHA-256({@value #FINGERPRINT_DOMAIN} ‖
     * 0x00 ‖ 33-byte compressed public key), as 32 lower-case hex characters. Shown by
     * {@code dcfs keys show} and checked at mount against the superblock's signer.
     */
    public static String fingerprint(byte[] publicKey) {
        checkPublicKeyLength(publicKey);
        return HexFormat.of().formatHex(Arrays.copyOf(domainHash(FINGERPRINT_DOMAIN, publicKey), FINGERPRINT_BYTES));
    }

    /**
     * Where the superblock of the filesystem owned by {@code publicKey} is stored: SHA-256(
     * {@value #LOCATOR_DOMAIN} ‖ 0x00 ‖ 33-byte compressed public key). A node holding a record at a
     * locator checks that it is signed by the key that hashes to it.
     */
    public static byte[] superblockLocator(byte[] publicKey) {
        checkPublicKeyLength(publicKey);
        return domainHash(LOCATOR_DOMAIN, publicKey);
    }

    /** Signs {@code message}: 64 bytes r ‖ s, deterministic, low-S. */
    public byte[] sign(byte[] message) {
        byte[] k = node.privateKey();
        try {
            return signDigest(new BigInteger(1, k), domainHash(SIGNATURE_DOMAIN, message));
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Whether {@code signature} is this scheme's signature of {@code message} by {@code publicKey}.
     * Never throws: a malformed key or signature, or a high-S one, is simply false.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES || signature == null
                || signature.length != SIGNATURE_BYTES || message == null) {
            return false;
        }
        return verifyDigest(publicKey, domainHash(SIGNATURE_DOMAIN, message), signature);
    }

    /** ECDSA of a 32-byte digest with RFC 6979 k, low-S, as r ‖ s (for the known-answer tests). */
    static byte[] signDigest(BigInteger key, byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(key, Secp256k1.DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger s = rs[1].compareTo(Secp256k1.HALF_N) > 0 ? Secp256k1.N.subtract(rs[1]) : rs[1];
        byte[] out = new byte[SIGNATURE_BYTES];
        put32(rs[0], out, 0);
        put32(s, out, 32);
        return out;
    }

    static boolean verifyDigest(byte[] publicKey, byte[] digest, byte[] signature) {
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (r.signum() == 0 || r.compareTo(Secp256k1.N) >= 0 || s.signum() == 0 || s.compareTo(Secp256k1.HALF_N) > 0) {
            return false;
        }
        ECPoint point;
        try {
            point = Secp256k1.decode(publicKey);
        } catch (IllegalArgumentException e) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(point, Secp256k1.DOMAIN));
        return verifier.verifySignature(digest, r, s);
    }

    /** Wipes the private key; idempotent. */
    @Override
    public void close() {
        node.close();
    }

    @Override
    public String toString() {
        return "IdentityKey[" + fingerprint() + "]";
    }

    private static void checkPublicKeyLength(byte[] publicKey) {
        if (publicKey.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an identity public key is " + PUBLIC_KEY_BYTES + " bytes (compressed), not "
                    + publicKey.length);
        }
    }

    private static byte[] domainHash(String domain, byte[] data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(domain.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(data);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static void put32(BigInteger v, byte[] out, int offset) {
        byte[] raw = v.toByteArray();
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, offset + 32 - n, n);
    }
}
