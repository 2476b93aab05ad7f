package dcfs.replicanet.record;

import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A small mutable record signed by its owner (a filesystem's superblock), stored under a 32-byte
 * locator that derives from the owner's public key. Nodes verify it but cannot read the payload
 * (the filesystem encrypts it). Layout, all integers big-endian:
 *
 * <pre>
 * offset   size  field
 * 0        1     version = 1
 * 1        1     key length n (33: a compressed secp256k1 key)
 * 2        n     public key
 * 2+n      8     sequence (u63; strictly grows with every update)
 * 10+n     4     payload length p
 * 14+n     p     payload
 * 14+n+p   64    signature r‖s over the signed bytes
 *
 * signed bytes = "dcfs-record-v1" (14 ASCII bytes) ‖ locator (32) ‖ bytes 0 .. 14+n+p of the record
 * </pre>
 *
 * The locator is part of what is signed, so a record cannot be replayed under another locator; the
 * whole record is at most {@link Frame#MAX_RECORD_LENGTH} bytes.
 *
 * @param publicKey the owner's public key
 * @param sequence the update counter
 * @param payload the owner's bytes
 * @param signature 64 bytes r‖s
 */
public record SignedRecord(byte[] publicKey, long sequence, byte[] payload, byte[] signature) {
    public static final int VERSION = 1;
    public static final int SIGNATURE_LENGTH = 64;
    static final byte[] DOMAIN = "dcfs-record-v1".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of a record besides its key and payload. */
    public static final int OVERHEAD = 1 + 1 + 8 + 4 + SIGNATURE_LENGTH;

    /** Thrown when a record is refused; {@link #code()} is the wire error to answer with. */
    public static final class RecordException extends Exception {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;

        public RecordException(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    /** Parses {@code bytes}; checks layout and limits only (see {@link #verify}). */
    public static SignedRecord parse(byte[] bytes) throws RecordException {
        if (bytes.length > Frame.MAX_RECORD_LENGTH) {
            throw new RecordException(ErrorCode.RECORD_MALFORMED, "record of " + bytes.length + " bytes, limit "
                    + Frame.MAX_RECORD_LENGTH);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            int version = b.get() & 0xFF;
            if (version != VERSION) {
                throw new RecordException(ErrorCode.RECORD_MALFORMED, "record version " + version + ", expected "
                        + VERSION);
            }
            int n = b.get() & 0xFF;
            if (n == 0) {
                throw new RecordException(ErrorCode.RECORD_MALFORMED, "record has no public key");
            }
            byte[] key = new byte[n];
            b.get(key);
            long sequence = b.getLong();
            if (sequence < 0) {
                throw new RecordException(ErrorCode.RECORD_MALFORMED, "record sequence above 2^63");
            }
            int p = b.getInt();
            if (p < 0 || p != b.remaining() - SIGNATURE_LENGTH) {
                throw new RecordException(ErrorCode.RECORD_MALFORMED, "record payload length " + p + " does not match "
                        + "its size");
            }
            byte[] payload = new byte[p];
            b.get(payload);
            byte[] sig = new byte[SIGNATURE_LENGTH];
            b.get(sig);
            return new SignedRecord(key, sequence, payload, sig);
        } catch (java.nio.BufferUnderflowException e) {
            throw new RecordException(ErrorCode.RECORD_MALFORMED, "record truncated at byte " + b.position());
        }
    }

    /** The record's bytes (the layout above). */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(OVERHEAD + publicKey.length + payload.length);
        body(b);
        b.put(signature);
        return b.array();
    }

    private void body(ByteBuffer b) {
        b.put((byte) VERSION).put((byte) publicKey.length).put(publicKey).putLong(sequence).putInt(payload.length)
                .put(payload);
    }

    /** What the owner signs for {@code locator}. */
    public static byte[] signedBytes(byte[] locator, byte[] publicKey, long sequence, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(DOMAIN.length + 32 + OVERHEAD - SIGNATURE_LENGTH + publicKey.length
                + payload.length);
        b.put(DOMAIN).put(locator);
        new SignedRecord(publicKey, sequence, payload, new byte[SIGNATURE_LENGTH]).body(b);
        return b.array();
    }

    /** Checks that this record belongs under {@code locator} and that its signature verifies. */
    public void verify(byte[] locator, RecordCrypto crypto) throws RecordException {
        if (publicKey.length > 255) {
            throw new RecordException(ErrorCode.RECORD_MALFORMED, "public key too long");
        }
        if (!MessageDigest.isEqual(crypto.locatorOf(publicKey), locator)) {
            throw new RecordException(ErrorCode.RECORD_WRONG_KEY, "the record's public key does not own this locator");
        }
        if (!crypto.verify(publicKey, signedBytes(locator, publicKey, sequence, payload), signature)) {
            throw new RecordException(ErrorCode.RECORD_BAD_SIGNATURE, "the record's signature does not verify");
        }
    }
}
