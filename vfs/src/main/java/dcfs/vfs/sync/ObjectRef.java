package dcfs.vfs.sync;

import dcfs.vfs.store.FileId;
import dcfs.vfs.store.StripeKey;
import java.nio.ByteBuffer;

/**
 * Where a metadata object is and what it covers, as the superblock lists it: its id (the file id
 * its stripes are stored under, {@link ObjectNames}), the sequence range — a checkpoint reflects
 * {@code lastSeq} and has {@code firstSeq == lastSeq}; a journal object holds entries
 * {@code firstSeq .. lastSeq} — and its length in bytes (so its stripe count).
 *
 * <pre>
 * 41 bytes: u8 kind | 16 id | u64 first seq | u64 last seq | u64 length
 * </pre>
 */
public record ObjectRef(ObjectKind kind, FileId id, long firstSeq, long lastSeq, long length) {
    static final int BYTES = 1 + FileId.BYTES + 8 + 8 + 8;
    /** Metadata objects are stored under generation 1 of their id (ids are never reused). */
    static final long GENERATION = 1;

    public ObjectRef {
        if (firstSeq < 0 || lastSeq < firstSeq || length < 0) {
            throw new IllegalArgumentException("bad object range " + firstSeq + ".." + lastSeq + " / " + length);
        }
    }

    /** How many stripes of {@code stripeSize} bytes the object takes (at least one). */
    public long stripes(int stripeSize) {
        return Math.max(1, (length + stripeSize - 1) / stripeSize);
    }

    public StripeKey stripe(long n) {
        return new StripeKey(id, n, GENERATION);
    }

    void writeTo(ByteBuffer b) {
        b.put((byte) kind.code());
        id.writeTo(b);
        b.putLong(firstSeq).putLong(lastSeq).putLong(length);
    }

    static ObjectRef read(ByteBuffer b) throws MetadataFormatException {
        ObjectKind kind = ObjectKind.of(b.get() & 0xff);
        FileId id = new FileId(b.getLong(), b.getLong());
        long first = b.getLong();
        long last = b.getLong();
        long length = b.getLong();
        try {
            return new ObjectRef(kind, id, first, last, length);
        } catch (IllegalArgumentException e) {
            throw new MetadataFormatException("superblock lists a bad object: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id.hex().substring(0, 8) + "… [" + firstSeq
                + ".." + lastSeq + "] " + length + " B";
    }
}
