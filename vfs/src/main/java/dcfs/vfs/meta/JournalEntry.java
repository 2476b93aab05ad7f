package dcfs.vfs.meta;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes one committed write transaction made, in order, under a sequence number that grows
 * by one per transaction. Replaying entries in sequence order onto the checkpoint they follow
 * rebuilds the metadata exactly.
 *
 * <pre>
 * value of JOURNAL[seq], format v1 (big-endian):
 *   u8 version (1)
 *   then, until the end of the value, one record per change:
 *     u8 op (1 put, 2 delete) | u8 table code | u16 key length | key | put only: u32 value length | value
 * </pre>
 */
public record JournalEntry(long seq, List<Change> changes) {
    public static final int VERSION = 1;
    static final int OP_PUT = 1;
    static final int OP_DELETE = 2;

    public JournalEntry {
        changes = List.copyOf(changes);
    }

    public byte[] encode() {
        Encoder e = new Encoder();
        for (Change c : changes) {
            switch (c) {
                case Change.Put p -> e.put(p.table(), p.key(), p.value());
                case Change.Delete d -> e.delete(d.table(), d.key());
            }
        }
        return e.toBytes();
    }

    public static JournalEntry decode(long seq, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new IllegalStateException("journal entry " + seq + " has version " + version + ", this dcfs reads "
                    + VERSION);
        }
        List<Change> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int op = b.get() & 0xff;
            Table t = Table.fromCode(b.get() & 0xff);
            byte[] key = new byte[b.getShort() & 0xffff];
            b.get(key);
            if (op == OP_PUT) {
                byte[] v = new byte[b.getInt()];
                b.get(v);
                out.add(new Change.Put(t, key, v));
            } else if (op == OP_DELETE) {
                out.add(new Change.Delete(t, key));
            } else {
                throw new IllegalStateException("journal entry " + seq + ": unknown op " + op);
            }
        }
        return new JournalEntry(seq, out);
    }

    /** Builds an entry's bytes as a transaction makes its changes. */
    static final class Encoder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(bytes);
        private int count;

        Encoder() {
            bytes.write(VERSION);
        }

        void put(Table t, byte[] key, byte[] value) {
            try {
                out.writeByte(OP_PUT);
                out.writeByte(t.code());
                out.writeShort(key.length);
                out.write(key);
                out.writeInt(value.length);
                out.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count++;
        }

        void delete(Table t, byte[] key) {
            try {
                out.writeByte(OP_DELETE);
                out.writeByte(t.code());
                out.writeShort(key.length);
                out.write(key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count++;
        }

        boolean isEmpty() {
            return count == 0;
        }

        byte[] toBytes() {
            return bytes.toByteArray();
        }
    }
}
