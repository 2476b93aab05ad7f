package dcfs.vfs.sync;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.record.IdentityRecordCrypto;
import dcfs.replicanet.record.SignedRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A {@link Superblock} as the nodes keep it: encrypted under the metadata key and signed by the
 * filesystem identity into a replica-net {@link SignedRecord} at the superblock locator.
 *
 * <pre>
 * record payload, seal version 1:
 *   8   magic "DCFSSUPB"
 *   2   seal version (1)
 *   12  nonce (random per write)
 *   n   AES-256-GCM(metadata key, nonce, AAD, superblock plaintext) ‖ 16-byte tag
 * AAD = payload bytes 0..22 ‖ locator (32) ‖ u64 record sequence
 * </pre>
 *
 * The record sequence is in the AAD so a plaintext cannot be replayed under another sequence; the
 * signature (over locator, key, sequence and payload) lets a node refuse anything its owner did not
 * write. Nodes see the magic, the sizes and how often it changes, nothing else.
 */
public final class SuperblockSeal {
    static final byte[] MAGIC = "DCFSSUPB".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    static final int NONCE = 12;
    static final int TAG_BITS = 128;
    static final int HEADER = MAGIC.length + 2 + NONCE;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SuperblockSeal() {
    }

    /** The signed record bytes of {@code sb} at record sequence {@code recordSeq}. */
    public static byte[] seal(KeyTree keys, long recordSeq, Superblock sb) {
        byte[] locator = keys.superblockLocator();
        byte[] plain = sb.encode();
        ByteBuffer payload = ByteBuffer.allocate(HEADER + plain.length + TAG_BITS / 8);
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        payload.put(MAGIC).putShort((short) VERSION).put(nonce);
        SecretKey key = keys.metadataKey();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(Arrays.copyOf(payload.array(), HEADER), locator, recordSeq));
            payload.put(c.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        } finally {
            wipe(key);
        }
        byte[] publicKey = keys.identity().publicKey();
        byte[] signature = keys.identity().sign(SignedRecord.signedBytes(locator, publicKey, recordSeq,
                payload.array()));
        return new SignedRecord(publicKey, recordSeq, payload.array(), signature).encode();
    }

    /**
     * Checks and opens a record from the nodes: it must be this identity's (its key, its locator, a
     * valid signature), and decrypt under this metadata key.
     */
    public static Stored open(KeyTree keys, byte[] record) throws MetadataFormatException {
        SignedRecord r;
        byte[] locator = keys.superblockLocator();
        try {
            r = SignedRecord.parse(record);
            r.verify(locator, IdentityRecordCrypto.INSTANCE);
        } catch (SignedRecord.RecordException e) {
            throw new MetadataFormatException("the superblock record is not valid: " + e.getMessage());
        }
        if (!MessageDigest.isEqual(r.publicKey(), keys.identity().publicKey())) {
            // The locator is the hash of the key, so this means a hash collision or a bug: refuse anyway.
            throw new MetadataFormatException("the superblock is signed by identity "
                    + dcfs.keyring.IdentityKey.fingerprint(r.publicKey()) + ", not this keyring's "
                    + keys.identity().fingerprint() + " (another mnemonic?)");
        }
        byte[] p = r.payload();
        if (p.length < HEADER + TAG_BITS / 8 || !Arrays.equals(Arrays.copyOf(p, MAGIC.length), MAGIC)) {
            throw new MetadataFormatException("the record at this filesystem's locator is not a dcfs superblock");
        }
        int version = ByteBuffer.wrap(p, MAGIC.length, 2).getShort() & 0xffff;
        if (version != VERSION) {
            throw MetadataFormatException.version("superblock seal", version, VERSION);
        }
        byte[] plain;
        SecretKey key = keys.metadataKey();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, p, MAGIC.length + 2, NONCE));
            c.updateAAD(aad(Arrays.copyOf(p, HEADER), locator, r.sequence()));
            plain = c.doFinal(p, HEADER, p.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new MetadataFormatException("the superblock (record " + r.sequence()
                    + ") does not decrypt with this keyring's metadata key: damaged");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        } finally {
            wipe(key);
        }
        return new Stored(r.sequence(), Superblock.decode(plain));
    }

    /** Keys the tree hands out are the caller's to wipe. */
    static void wipe(SecretKey key) {
        if (key instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // wiping is best effort; the JCE keeps its own copy anyway
            }
        }
    }

    private static byte[] aad(byte[] header, byte[] locator, long recordSeq) {
        return ByteBuffer.allocate(header.length + locator.length + 8).put(header).put(locator).putLong(recordSeq)
                .array();
    }
}
