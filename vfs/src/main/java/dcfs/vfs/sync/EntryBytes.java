package dcfs.vfs.sync;

import dcfs.vfs.meta.JournalEntry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One journal entry as it travels: its sequence number and its bytes ({@link JournalEntry} v1).
 * Journal objects and the superblock's inline tail hold entries as records of
 *
 * <pre>
 * u64 sequence (≥ 1) | u32 length | entry bytes
 * </pre>
 *
 * A journal object ends its records with a sequence of 0.
 */
public record EntryBytes(long seq, byte[] bytes) {
    /** Bytes a record adds to its entry. */
    static final int OVERHEAD = 12;

    public EntryBytes {
        if (seq < 1) {
            throw new IllegalArgumentException("journal sequence numbers start at 1: " + seq);
        }
    }

    public static EntryBytes of(JournalEntry e) {
        return new EntryBytes(e.seq(), e.encode());
    }

    public JournalEntry decode() throws MetadataFormatException {
        try {
            return JournalEntry.decode(seq, bytes);
        } catch (RuntimeException e) {
            throw new MetadataFormatException("journal entry " + seq + " does not parse: " + e.getMessage(), e);
        }
    }

    /** Bytes this entry takes as a record. */
    public int recordSize() {
        return OVERHEAD + bytes.length;
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeLong(seq);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    void writeTo(ByteBuffer b) {
        b.putLong(seq).putInt(bytes.length).put(bytes);
    }

    /** The next record, or null at the terminator (sequence 0). */
    static EntryBytes read(DataInputStream in, long maxLength) throws IOException {
        long seq = in.readLong();
        if (seq == 0) {
            return null;
        }
        int len = in.readInt();
        if (seq < 0 || len < 1 || len > maxLength) {
            throw new MetadataFormatException("journal record " + seq + " of " + len + " bytes is malformed");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new EntryBytes(seq, b);
    }

    static EntryBytes read(ByteBuffer b) throws MetadataFormatException {
        long seq = b.getLong();
        int len = b.getInt();
        if (seq < 1 || len < 1 || len > b.remaining()) {
            throw new MetadataFormatException("journal record " + seq + " of " + len + " bytes is malformed");
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new EntryBytes(seq, bytes);
    }
}
