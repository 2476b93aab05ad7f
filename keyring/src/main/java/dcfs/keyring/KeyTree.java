package dcfs.keyring;

import dcfs.keyring.bip32.ExtendedKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The dcfs key tree, version 1 (docs/key-tree.md): every key of a filesystem, derived from the
 * BIP39 seed. Fixed once data exists: changing a path or a label here makes every existing
 * filesystem unreadable, which the known-answer test (KeyTreeKnownAnswerTest) exists to catch.
 *
 * <pre>
 * m/7146'                  purpose root of dcfs
 * m/7146'/0'               filesystem identity (secp256k1): signs superblocks; fingerprint; locator
 * m/7146'/1'/e'            root of key epoch e: per-file data keys (HKDF with the file id)
 * m/7146'/2'               shard tag key (HMAC-SHA-256): file id → shard ids nodes cannot link
 * m/7146'/3'               metadata key (AES-256): journal, checkpoints, superblock payload
 * m/7146'/4'               deletion key (HMAC-SHA-256): deletion tokens
 * m/7146'/5'               recovery key (AES-256): seals file ids inside shard headers
 * </pre>
 *
 * Each symmetric key is HKDF-SHA-256 (RFC 5869) with IKM the node's 32-byte BIP32 private key,
 * salt {@value #HKDF_SALT}, and info its label (for data keys: label ‖ 0x00 ‖ u32 epoch ‖ file id).
 * HKDF rather than the raw scalar: the purpose gets a uniformly random key of exactly its size,
 * bound to a label, and no key is ever used both as an EC scalar and as a symmetric key.
 *
 * <p>Thread-safe. Keys handed out are the caller's to destroy; the identity key belongs to the
 * tree. {@link #close()} wipes what the tree holds.
 */
public final class KeyTree implements AutoCloseable {
    /** Version of the tree: paths and labels below. A new version means new paths, never edits. */
    public static final int VERSION = 1;
    /** The BIP43 purpose level of dcfs (unregistered; "7146" carries no meaning beyond being unused). */
    public static final int PURPOSE = 7146;
    public static final int IDENTITY = 0;
    public static final int DATA_EPOCHS = 1;
    public static final int SHARD_TAG = 2;
    public static final int METADATA = 3;
    public static final int DELETION = 4;
    public static final int RECOVERY = 5;
    /** File ids given to {@link #dataKey}: random, 16 to 64 bytes. */
    public static final int MIN_FILE_ID_BYTES = 16;
    public static final int MAX_FILE_ID_BYTES = 64;

    static final String HKDF_SALT = "dcfs key tree v1";
    static final String DATA_KEY_LABEL = "dcfs file data key";
    static final String SHARD_TAG_LABEL = "dcfs shard tag key";
    static final String METADATA_LABEL = "dcfs metadata key";
    static final String DELETION_LABEL = "dcfs deletion key";
    static final String RECOVERY_LABEL = "dcfs recovery key";
    private static final int KEY_BYTES = 32;
    /** Epoch roots kept derived; more epochs than this are derived again on use. */
    private static final int EPOCH_CACHE = 16;

    private final ExtendedKey purpose;
    private final IdentityKey identity;
    private final Map<Integer, ExtendedKey> epochRoots = new ConcurrentHashMap<>();
    /**
     * The symmetric purpose keys, derived once: each derivation costs a hardened BIP32 step (with an
     * elliptic-curve multiplication for the parent fingerprint), and the store asks for the tag,
     * recovery and deletion keys on every stripe. Wiped on close.
     */
    private final Map<Integer, byte[]> purposeKeys = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private KeyTree(ExtendedKey purpose) {
        this.purpose = purpose;
        this.identity = new IdentityKey(purpose.deriveChild(IDENTITY, true));
    }

    /** The tree of a BIP39 seed (64 bytes; any BIP32 seed of 16 to 64 bytes works). */
    public static KeyTree fromSeed(byte[] seed) {
        try (ExtendedKey master = ExtendedKey.fromSeed(seed)) {
            return new KeyTree(master.deriveChild(PURPOSE, true));
        }
    }

    /** The filesystem identity (m/7146'/0'); owned by this tree, wiped when it closes. */
    public IdentityKey identity() {
        ensureOpen();
        return identity;
    }

    /** The superblock locator of this filesystem: {@link IdentityKey#superblockLocator} of its identity. */
    public byte[] superblockLocator() {
        return IdentityKey.superblockLocator(identity().publicKey());
    }

    /**
     * The AES-256 key of one file in key epoch {@code epoch}: HKDF from the epoch root
     * m/7146'/1'/epoch' with info "dcfs file data key" ‖ 0x00 ‖ u32 epoch ‖ fileId.
     *
     * @param epoch the key epoch, 0 to 2^31-1 (rotation starts a new one)
     * @param fileId the file's random id, 16 to 64 bytes
     */
    public SecretKey dataKey(int epoch, byte[] fileId) {
        if (epoch < 0) {
            throw new IllegalArgumentException("a key epoch is 0 to 2^31-1, not " + epoch);
        }
        if (fileId.length < MIN_FILE_ID_BYTES || fileId.length > MAX_FILE_ID_BYTES) {
            throw new IllegalArgumentException("a file id is " + MIN_FILE_ID_BYTES + " to " + MAX_FILE_ID_BYTES
                    + " bytes, not " + fileId.length);
        }
        byte[] label = DATA_KEY_LABEL.getBytes(StandardCharsets.US_ASCII);
        byte[] info = ByteBuffer.allocate(label.length + 1 + 4 + fileId.length).put(label).put((byte) 0)
                .putInt(epoch).put(fileId).array();
        return new DerivedSecretKey("AES", hkdf(epochRoot(epoch), info));
    }

    /** The HMAC-SHA-256 key that turns file ids into shard ids (m/7146'/2'). */
    public SecretKey shardTagKey() {
        return new DerivedSecretKey("HmacSHA256", purposeKey(SHARD_TAG, SHARD_TAG_LABEL));
    }

    /** The AES-256 key of the superblock payload, from which metadata object names derive too (m/7146'/3'). */
    public SecretKey metadataKey() {
        return new DerivedSecretKey("AES", purposeKey(METADATA, METADATA_LABEL));
    }

    /** The AES-256 key that seals file ids inside shard headers, for recovery from shards alone (m/7146'/5'). */
    public SecretKey recoveryKey() {
        return new DerivedSecretKey("AES", purposeKey(RECOVERY, RECOVERY_LABEL));
    }

    /**
     * The token that lets its holder delete shard {@code shardId}: HMAC-SHA-256 under the deletion
     * key (m/7146'/4'). A node stores only SHA-256 of the token at write time and deletes when
     * shown a token that hashes to it; only this mnemonic can make it.
     */
    public byte[] deletionToken(byte[] shardId) {
        try (DerivedSecretKey key = new DerivedSecretKey("HmacSHA256", purposeKey(DELETION, DELETION_LABEL))) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(shardId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from this JVM", e);
        }
    }

    /** SHA-256 of a deletion token: what a node stores and compares against. */
    public static byte[] deletionTokenHash(byte[] token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** Wipes the purpose root, the identity key and the cached epoch roots; idempotent. */
    @Override
    public void close() {
        closed = true;
        identity.close();
        purpose.close();
        epochRoots.values().forEach(ExtendedKey::close);
        epochRoots.clear();
        purposeKeys.values().forEach(k -> java.util.Arrays.fill(k, (byte) 0));
        purposeKeys.clear();
    }

    @Override
    public String toString() {
        return "KeyTree[v" + VERSION + ", identity " + identity.fingerprint() + (closed ? ", closed" : "") + "]";
    }

    /** HKDF of m/7146'/child' under {@code label}: a fresh copy the caller owns (and may wipe). */
    private byte[] purposeKey(int child, String label) {
        ensureOpen();
        return purposeKeys.computeIfAbsent(child, c -> hkdf(purposeChild(c), label(label))).clone();
    }

    /** The 32-byte private key of m/7146'/child' (caller wipes). */
    private byte[] purposeChild(int child) {
        ensureOpen();
        try (ExtendedKey node = purpose.deriveChild(child, true)) {
            return node.privateKey();
        }
    }

    /** The 32-byte private key of m/7146'/1'/epoch' (caller wipes). */
    private byte[] epochRoot(int epoch) {
        ensureOpen();
        ExtendedKey root = epochRoots.get(epoch);
        if (root == null) {
            try (ExtendedKey epochs = purpose.deriveChild(DATA_EPOCHS, true)) {
                root = epochs.deriveChild(epoch, true);
            }
            if (epochRoots.size() < EPOCH_CACHE) {
                ExtendedKey raced = epochRoots.putIfAbsent(epoch, root);
                if (raced != null) {
                    root.close();
                    root = raced;
                }
            } else {
                try {
                    return root.privateKey();
                } finally {
                    root.close();
                }
            }
        }
        return root.privateKey();
    }

    /** HKDF-SHA-256 of {@code ikm} (wiped here) with the tree's salt and {@code info}: 32 bytes. */
    private static byte[] hkdf(byte[] ikm, byte[] info) {
        try {
            HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
            g.init(new HKDFParameters(ikm, HKDF_SALT.getBytes(StandardCharsets.US_ASCII), info));
            byte[] out = new byte[KEY_BYTES];
            g.generateBytes(out, 0, KEY_BYTES);
            return out;
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    private static byte[] label(String label) {
        return label.getBytes(StandardCharsets.US_ASCII);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this key tree is closed");
        }
    }
}
