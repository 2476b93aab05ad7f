package dcfs.keyring.bip32;

import dcfs.keyring.bip32.InvalidExtendedKeyException.Reason;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A BIP32 extended key on secp256k1: a private or public key with its chain code and its place
 * in the tree (depth, parent fingerprint, child number). Serialized as in BIP32, with the mainnet
 * version bytes (xprv/xpub), 78 bytes then Base58Check:
 *
 * <pre>
 * offset size field
 *  0      4   version: 0488ADE4 (xprv) or 0488B21E (xpub)
 *  4      1   depth (0 for the master)
 *  5      4   parent fingerprint (0 for the master)
 *  9      4   child number (high bit set for hardened; 0 for the master)
 * 13     32   chain code
 * 45     33   key: 00 ‖ 32-byte private key, or the compressed public key
 * </pre>
 *
 * <p>Closing wipes the private key and chain code bytes held here; a closed key cannot be used.
 * (BigInteger intermediates of the arithmetic cannot be wiped: the JVM gives no way to.)
 * {@link #toString()} shows no key material.
 */
public final class ExtendedKey implements AutoCloseable {
    /** The high bit of a raw child number: hardened derivation. */
    public static final int HARDENED = 0x80000000;
    static final long HARDENED_OFFSET = 0x80000000L;
    static final int XPRV = 0x0488ADE4;
    static final int XPUB = 0x0488B21E;
    static final int SERIALIZED_BYTES = 78;
    private static final byte[] MASTER_HMAC_KEY = "Bitcoin seed".getBytes(StandardCharsets.US_ASCII);

    private final byte[] privateKey; // 32 bytes, or null for a public key
    private final byte[] publicKey; // 33 bytes compressed
    private final byte[] chainCode; // 32 bytes
    private final int depth;
    private final int parentFingerprint;
    private final int childNumber;
    private volatile boolean closed;

    private ExtendedKey(byte[] privateKey, byte[] publicKey, byte[] chainCode, int depth, int parentFingerprint,
            int childNumber) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.chainCode = chainCode;
        this.depth = depth;
        this.parentFingerprint = parentFingerprint;
        this.childNumber = childNumber;
    }

    /**
     * The master key of {@code seed} (16 to 64 bytes, e.g. a BIP39 seed): HMAC-SHA512 keyed with
     * "Bitcoin seed".
     */
    public static ExtendedKey fromSeed(byte[] seed) {
        if (seed.length < 16 || seed.length > 64) {
            throw new IllegalArgumentException("a BIP32 seed is 16 to 64 bytes, not " + seed.length);
        }
        byte[] i = hmacSha512(MASTER_HMAC_KEY, seed);
        try {
            byte[] k = Arrays.copyOf(i, 32);
            BigInteger kn = new BigInteger(1, k);
            if (kn.signum() == 0 || kn.compareTo(Secp256k1.N) >= 0) {
                // Probability below 2^-127; BIP32 says the seed is then unusable.
                throw new IllegalArgumentException("this seed gives an invalid master key; use another seed");
            }
            return new ExtendedKey(k, Secp256k1.publicKeyOf(kn), Arrays.copyOfRange(i, 32, 64), 0, 0, 0);
        } finally {
            Arrays.fill(i, (byte) 0);
        }
    }

    /**
     * Reads an xprv or xpub, applying every check of BIP32 (and its test vector 5).
     *
     * @throws InvalidExtendedKeyException saying which rule the text breaks
     */
    public static ExtendedKey parse(String text) throws InvalidExtendedKeyException {
        byte[] raw = Base58Check.decode(text.strip());
        try {
            if (raw.length != SERIALIZED_BYTES) {
                throw new InvalidExtendedKeyException(Reason.BAD_LENGTH,
                        "an extended key is " + SERIALIZED_BYTES + " bytes, this one " + raw.length);
            }
            ByteBuffer b = ByteBuffer.wrap(raw);
            int version = b.getInt();
            int depth = Byte.toUnsignedInt(b.get());
            int parent = b.getInt();
            int child = b.getInt();
            byte[] chain = new byte[32];
            b.get(chain);
            byte[] key = new byte[33];
            b.get(key);
            if (version != XPRV && version != XPUB) {
                throw new InvalidExtendedKeyException(Reason.UNKNOWN_VERSION,
                        "unknown version bytes " + String.format("%08x", version) + ": only mainnet xprv and xpub");
            }
            if (depth == 0 && parent != 0) {
                throw new InvalidExtendedKeyException(Reason.BAD_MASTER, "depth 0 with a parent fingerprint");
            }
            if (depth == 0 && child != 0) {
                throw new InvalidExtendedKeyException(Reason.BAD_MASTER, "depth 0 with a child number");
            }
            if (version == XPRV) {
                if (key[0] != 0) {
                    throw new InvalidExtendedKeyException(Reason.KEY_TYPE_MISMATCH,
                            "an xprv whose key data does not start with 00");
                }
                byte[] k = Arrays.copyOfRange(key, 1, 33);
                BigInteger kn = new BigInteger(1, k);
                if (kn.signum() == 0 || kn.compareTo(Secp256k1.N) >= 0) {
                    Arrays.fill(k, (byte) 0);
                    throw new InvalidExtendedKeyException(Reason.INVALID_PRIVATE_KEY,
                            "private key not in 1..n-1");
                }
                return new ExtendedKey(k, Secp256k1.publicKeyOf(kn), chain, depth, parent, child);
            }
            if (key[0] == 0) {
                throw new InvalidExtendedKeyException(Reason.KEY_TYPE_MISMATCH, "an xpub holding a private key");
            }
            try {
                Secp256k1.decode(key);
            } catch (IllegalArgumentException e) {
                throw new InvalidExtendedKeyException(Reason.INVALID_PUBLIC_KEY,
                        "public key " + HexFormat.of().formatHex(key) + " is " + e.getMessage());
            }
            return new ExtendedKey(null, key, chain, depth, parent, child);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * The key at {@code path}. A path starting with {@code m} is taken from the master and may
     * only be used on a master key; otherwise it is relative to this key.
     */
    public ExtendedKey derive(String path) {
        String p = path.strip();
        boolean absolute = p.startsWith("m") || p.startsWith("M");
        if (absolute && depth != 0) {
            throw new IllegalArgumentException("path '" + path + "' starts at the master, but this key is at depth "
                    + depth);
        }
        return derive(DerivationPath.parse(p));
    }

    /** The key at {@code path}, relative to this key. */
    public ExtendedKey derive(DerivationPath path) {
        ensureOpen();
        ExtendedKey k = this;
        for (int step : path.steps()) {
            ExtendedKey next = k.deriveChild(step);
            if (k != this) {
                k.close();
            }
            k = next;
        }
        return k == this ? copy() : k;
    }

    /** Child {@code index} (below 2^31), hardened or not. */
    public ExtendedKey deriveChild(int index, boolean hardened) {
        if (index < 0) {
            throw new IllegalArgumentException("a child index is below 2^31: " + Integer.toUnsignedString(index));
        }
        return deriveChild(hardened ? index | HARDENED : index);
    }

    /**
     * Child {@code rawIndex}: BIP32's CKDpriv for a private key, CKDpub for a public key (which
     * cannot derive hardened children).
     */
    public ExtendedKey deriveChild(int rawIndex) {
        ensureOpen();
        if (depth == 255) {
            throw new IllegalStateException("BIP32 keys go at most 255 levels deep");
        }
        boolean hardened = (rawIndex & HARDENED) != 0;
        byte[] data = new byte[37];
        if (hardened) {
            if (privateKey == null) {
                throw new IllegalStateException("a public key cannot derive hardened child "
                        + (rawIndex & ~HARDENED) + "'");
            }
            System.arraycopy(privateKey, 0, data, 1, 32);
        } else {
            System.arraycopy(publicKey, 0, data, 0, 33);
        }
        ByteBuffer.wrap(data, 33, 4).putInt(rawIndex);
        byte[] i = hmacSha512(chainCode, data);
        Arrays.fill(data, (byte) 0);
        try {
            BigInteger il = new BigInteger(1, Arrays.copyOf(i, 32));
            byte[] childChain = Arrays.copyOfRange(i, 32, 64);
            if (il.compareTo(Secp256k1.N) >= 0) {
                throw invalidChild(rawIndex);
            }
            if (privateKey != null) {
                BigInteger k = il.add(new BigInteger(1, privateKey)).mod(Secp256k1.N);
                if (k.signum() == 0) {
                    throw invalidChild(rawIndex);
                }
                return new ExtendedKey(to32(k), Secp256k1.publicKeyOf(k), childChain, depth + 1, fingerprint(),
                        rawIndex);
            }
            ECPoint point = Secp256k1.multiplyG(il).add(Secp256k1.decode(publicKey)).normalize();
            if (point.isInfinity()) {
                throw invalidChild(rawIndex);
            }
            return new ExtendedKey(null, point.getEncoded(true), childChain, depth + 1, fingerprint(), rawIndex);
        } finally {
            Arrays.fill(i, (byte) 0);
        }
    }

    /** The same node without its private key: what an xpub holds. */
    public ExtendedKey neuter() {
        ensureOpen();
        return new ExtendedKey(null, publicKey, chainCode.clone(), depth, parentFingerprint, childNumber);
    }

    /** The Base58Check xprv (private keys) or xpub (public keys). */
    public String serialize() {
        ensureOpen();
        ByteBuffer b = ByteBuffer.allocate(SERIALIZED_BYTES);
        b.putInt(privateKey != null ? XPRV : XPUB).put((byte) depth).putInt(parentFingerprint).putInt(childNumber)
                .put(chainCode);
        if (privateKey != null) {
            b.put((byte) 0).put(privateKey);
        } else {
            b.put(publicKey);
        }
        byte[] raw = b.array();
        try {
            return Base58Check.encode(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The xpub of this node (neutered serialization), whether it holds a private key or not. */
    public String serializePublic() {
        try (ExtendedKey pub = neuter()) {
            return pub.serialize();
        }
    }

    /** BIP32's key identifier: the first 4 bytes of HASH160(compressed public key), big-endian. */
    public int fingerprint() {
        byte[] sha = new byte[32];
        SHA256Digest s = new SHA256Digest();
        s.update(publicKey, 0, publicKey.length);
        s.doFinal(sha, 0);
        RIPEMD160Digest r = new RIPEMD160Digest();
        r.update(sha, 0, sha.length);
        byte[] h160 = new byte[20];
        r.doFinal(h160, 0);
        return ByteBuffer.wrap(h160).getInt();
    }

    public int parentFingerprint() {
        return parentFingerprint;
    }

    public int depth() {
        return depth;
    }

    /** The raw child number: the high bit set for a hardened child. */
    public int childNumber() {
        return childNumber;
    }

    public boolean isHardened() {
        return (childNumber & HARDENED) != 0;
    }

    public boolean hasPrivateKey() {
        return privateKey != null;
    }

    /** The 33-byte compressed public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** A copy of the 32-byte chain code. */
    public byte[] chainCode() {
        ensureOpen();
        return chainCode.clone();
    }

    /**
     * A copy of the 32-byte private key, for the key tree to build purpose keys from. The caller
     * wipes it.
     *
     * @throws IllegalStateException for a public key
     */
    public byte[] privateKey() {
        ensureOpen();
        if (privateKey == null) {
            throw new IllegalStateException("a public extended key has no private key");
        }
        return privateKey.clone();
    }

    /** Wipes the private key and chain code; idempotent. */
    @Override
    public void close() {
        closed = true;
        if (privateKey != null) {
            Arrays.fill(privateKey, (byte) 0);
        }
        Arrays.fill(chainCode, (byte) 0);
    }

    @Override
    public String toString() {
        return "ExtendedKey[" + (privateKey != null ? "private" : "public") + ", depth " + depth + ", child "
                + Integer.toUnsignedString(childNumber & ~HARDENED) + (isHardened() ? "'" : "")
                + (closed ? ", closed" : "") + "]";
    }

    private ExtendedKey copy() {
        return new ExtendedKey(privateKey == null ? null : privateKey.clone(), publicKey, chainCode.clone(), depth,
                parentFingerprint, childNumber);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this extended key is closed");
        }
    }

    private static IllegalStateException invalidChild(int rawIndex) {
        // Probability below 2^-127 per BIP32; the caller should move on to the next index.
        return new IllegalStateException("child " + Integer.toUnsignedString(rawIndex & ~HARDENED)
                + ((rawIndex & HARDENED) != 0 ? "'" : "") + " is an invalid key; use the next index");
    }

    private static byte[] to32(BigInteger k) {
        byte[] raw = k.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    private static byte[] hmacSha512(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 missing from this JVM", e);
        }
    }
}
