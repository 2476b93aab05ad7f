package dcfs.vfs.store;

import java.nio.ByteBuffer;

/**
 * Names one stored version of one stripe: the file's random id, the stripe number (byte offset /
 * stripe size) and the generation. A rewrite of a stripe is stored under a new generation
 * (copy-on-write); generations only grow, so a key is never reused for different bytes.
 */
public record StripeKey(FileId fileId, long stripe, long generation) {
    /** Size of {@link #bytes()}: fileId (16) + stripe (8) + generation (8), big-endian. */
    public static final int BYTES = 32;

    public StripeKey {
        if (fileId == null || stripe < 0 || generation < 0) {
            throw new IllegalArgumentException("bad stripe key " + fileId + "/" + stripe + "/" + generation);
        }
    }

    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        fileId.writeTo(b);
        return b.putLong(stripe).putLong(generation).array();
    }

    public static StripeKey of(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b);
        return new StripeKey(new FileId(bb.getLong(), bb.getLong()), bb.getLong(), bb.getLong());
    }

    @Override
    public String toString() {
        return fileId.hex() + "/" + stripe + "/g" + generation;
    }
}
