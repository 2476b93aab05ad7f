package dcfs.vfs.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The file {@link DirectoryStripeStore} keeps one stripe in (format v1). Little to hide here (the
 * development store is plaintext); what matters is that a torn or rotten file is noticed, and that
 * part of a stripe can be read and checked without reading all of it.
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "DCFSSTRP"
 *      8     1  version (1)
 *      9     3  reserved, zero
 *     12     4  payload length n (u32, big-endian, like every field)
 *     16     4  segment size s (u32; 4096, so a 4 KiB read checks 4 KiB)
 *     20    16  file id
 *     36     8  stripe number
 *     44     8  generation
 *     52     8  reserved, zero
 *     60     4  CRC32C of bytes 0..59
 *     64     n  payload (the stripe's plaintext)
 *   64+n  4*ceil(n/s)  CRC32C of each payload segment, in order
 * </pre>
 * A 1-byte stripe takes 64 + 1 + 4 = 69 bytes; a full 4 MiB stripe 4 MiB + 64 + 4096 bytes.
 */
final class StripeFileFormat {
    static final byte[] MAGIC = "DCFSSTRP".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_SIZE = 64;
    static final int OFF_VERSION = 8;
    static final int OFF_LENGTH = 12;
    static final int OFF_SEGMENT = 16;
    static final int OFF_FILE_ID = 20;
    static final int OFF_STRIPE = 36;
    static final int OFF_GENERATION = 44;
    static final int OFF_HEADER_CRC = 60;
    static final int SEGMENT_SIZE = 4096;

    private StripeFileFormat() {
    }

    static int segments(int length, int segmentSize) {
        return (length + segmentSize - 1) / segmentSize;
    }

    static ByteBuffer header(StripeKey key, int length) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
        h.put(MAGIC).put((byte) VERSION).put(new byte[3]).putInt(length).putInt(SEGMENT_SIZE);
        key.fileId().writeTo(h);
        h.putLong(key.stripe()).putLong(key.generation()).putLong(0);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, OFF_HEADER_CRC);
        h.putInt((int) crc.getValue());
        return h.flip();
    }

    static ByteBuffer segmentCrcs(byte[] data, int off, int len) {
        int n = segments(len, SEGMENT_SIZE);
        ByteBuffer t = ByteBuffer.allocate(4 * n);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < n; i++) {
            int from = i * SEGMENT_SIZE;
            crc.reset();
            crc.update(data, off + from, Math.min(SEGMENT_SIZE, len - from));
            t.putInt((int) crc.getValue());
        }
        return t.flip();
    }

    /** What a header says, once checked. */
    record Header(int length, int segmentSize) {
    }

    static Header checkHeader(StripeKey key, ByteBuffer h) throws StripeCorruptException {
        if (h.remaining() < HEADER_SIZE) {
            throw new StripeCorruptException(key, "file shorter than its header");
        }
        byte[] b = new byte[HEADER_SIZE];
        h.get(b);
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new StripeCorruptException(key, "bad magic");
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, OFF_HEADER_CRC);
        ByteBuffer bb = ByteBuffer.wrap(b);
        if (bb.getInt(OFF_HEADER_CRC) != (int) crc.getValue()) {
            throw new StripeCorruptException(key, "header checksum mismatch");
        }
        int version = b[OFF_VERSION] & 0xff;
        if (version != VERSION) {
            throw new StripeCorruptException(key, version > VERSION ? "format version " + version
                    + " is newer than this dcfs reads (" + VERSION + ")" : "unknown old format version " + version);
        }
        FileId id = FileId.of(b, OFF_FILE_ID);
        if (!id.equals(key.fileId()) || bb.getLong(OFF_STRIPE) != key.stripe()
                || bb.getLong(OFF_GENERATION) != key.generation()) {
            throw new StripeCorruptException(key, "file holds another stripe");
        }
        int length = bb.getInt(OFF_LENGTH);
        int seg = bb.getInt(OFF_SEGMENT);
        if (length < 0 || seg <= 0) {
            throw new StripeCorruptException(key, "bad length or segment size");
        }
        return new Header(length, seg);
    }

    static void checkSegment(StripeKey key, int index, byte[] data, int off, int len, int expected)
            throws StripeCorruptException {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        if ((int) crc.getValue() != expected) {
            throw new StripeCorruptException(key, "segment " + index + " checksum mismatch");
        }
    }
}
