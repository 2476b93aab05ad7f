package dcfs.vfs.meta;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A full copy of the metadata (every table but the journal) as one byte stream, taken from one
 * snapshot. Restoring it into an empty store and replaying the journal entries after its sequence
 * number rebuilds the metadata exactly; the network stage ships checkpoints and journal entries
 * as objects and points the superblock at the newest checkpoint.
 *
 * <pre>
 * checkpoint, format v1 (big-endian):
 *   8  magic "DCFSCKPT"
 *   2  version (1)
 *   2  metadata format version (MetaStore.FORMAT_VERSION)
 *   8  sequence number the snapshot reflects (the newest journal entry it includes)
 *   then records, in table order then key order:
 *      1 table code (never 0) | 2 key length | key | 4 value length | value
 *   1  0 (end of records)
 *   8  number of records
 *   4  CRC32C of every byte before it
 * </pre>
 */
public final class Checkpoint {
    static final byte[] MAGIC = "DCFSCKPT".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;

    private Checkpoint() {
    }

    /** Hears the sequence number of a checkpoint before it is written. */
    @FunctionalInterface
    public interface SequenceListener {
        void sequence(long seq) throws IOException;
    }

    /** Writes a checkpoint of {@code store} to {@code out}; returns its sequence number. */
    public static long export(MetaStore store, OutputStream out) throws IOException {
        return export(store, out, seq -> { });
    }

    /**
     * As {@link #export(MetaStore, OutputStream)}, telling {@code onSequence} the sequence number the
     * snapshot reflects before the first byte is written (a network object names itself by it).
     */
    public static long export(MetaStore store, OutputStream out, SequenceListener onSequence) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32C());
        DataOutputStream d = new DataOutputStream(checked);
        try (ReadTxn r = new ReadTxn(store, store.rawReadTxn())) {
            byte[] last = r.lastKey(Table.JOURNAL);
            long seq = last == null ? 0 : MetaKeys.readLong(last, 0);
            onSequence.sequence(seq);
            d.write(MAGIC);
            d.writeShort(VERSION);
            d.writeShort(MetaStore.FORMAT_VERSION);
            d.writeLong(seq);
            long[] count = {0};
            IOException[] failure = {null};
            for (Table t : Table.values()) {
                if (!t.journaled()) {
                    continue;
                }
                r.scan(t, new byte[0], null, (k, v) -> {
                    try {
                        d.writeByte(t.code());
                        d.writeShort(k.length);
                        d.write(k);
                        d.writeInt(v.length);
                        d.write(v);
                        count[0]++;
                        return true;
                    } catch (IOException e) {
                        failure[0] = e;
                        return false;
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
            }
            d.writeByte(0);
            d.writeLong(count[0]);
            d.flush();
            int crc = (int) checked.getChecksum().getValue();
            new DataOutputStream(out).writeInt(crc);
            out.flush();
            return seq;
        }
    }

    /**
     * Loads a checkpoint into {@code store}, which must be empty. Nothing is kept unless the whole
     * stream checks out. Returns the checkpoint's sequence number; journal entries after it can
     * then be {@link MetaStore#replay replayed}.
     */
    public static long restore(MetaStore store, InputStream in) throws IOException, FsException {
        CheckedInputStream checked = new CheckedInputStream(in, new CRC32C());
        DataInputStream d = new DataInputStream(checked);
        byte[] magic = new byte[MAGIC.length];
        d.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a dcfs checkpoint (bad magic)");
        }
        int version = d.readUnsignedShort();
        if (version != VERSION) {
            throw new IOException("checkpoint version " + version + (version > VERSION ? " is newer than" : " is not")
                    + " what this dcfs reads (" + VERSION + ")");
        }
        int format = d.readUnsignedShort();
        if (format != MetaStore.FORMAT_VERSION) {
            throw new IOException("checkpoint holds metadata format " + format + ", this dcfs reads "
                    + MetaStore.FORMAT_VERSION);
        }
        long seq = d.readLong();
        IOException[] failure = {null};
        try {
            restoreRecords(store, d, checked, in, seq, failure);
        } catch (FsException e) {
            if (failure[0] != null) {
                throw failure[0];
            }
            throw e;
        }
        return seq;
    }

    private static void restoreRecords(MetaStore store, DataInputStream d, CheckedInputStream checked, InputStream in,
                                       long seq, IOException[] failure) throws FsException {
        store.write(w -> {
            if (store.lastSeq() != 0 || w.get(Table.INFO, MetaKeys.info(Counters.NEXT_INO)) != null
                    || !isEmpty(w, Table.INODES)) {
                throw new FsException(Errno.EEXIST, "restore needs an empty metadata store");
            }
            try {
                long n = 0;
                while (true) {
                    int code = d.readUnsignedByte();
                    if (code == 0) {
                        break;
                    }
                    Table t = Table.fromCode(code);
                    if (!t.journaled()) {
                        throw new IOException("checkpoint holds journal records");
                    }
                    byte[] k = new byte[d.readUnsignedShort()];
                    d.readFully(k);
                    byte[] v = new byte[d.readInt()];
                    d.readFully(v);
                    w.putUnjournaled(t, k, v);
                    n++;
                }
                long declared = d.readLong();
                int expected = (int) checked.getChecksum().getValue();
                int crc = new DataInputStream(in).readInt();
                if (crc != expected) {
                    throw new IOException("checkpoint checksum mismatch");
                }
                if (declared != n) {
                    throw new IOException("checkpoint declares " + declared + " records, holds " + n);
                }
                // The journal restarts at the checkpoint: an empty marker entry carries its sequence.
                w.putJournalMarker(seq);
            } catch (EOFException e) {
                failure[0] = new IOException("checkpoint is truncated", e);
                throw new FsException(Errno.EIO, "checkpoint is truncated");
            } catch (IOException | IllegalArgumentException e) {
                failure[0] = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                throw new FsException(Errno.EIO, e.getMessage());
            }
            return null;
        });
    }

    private static boolean isEmpty(ReadView v, Table t) {
        boolean[] any = {false};
        v.scan(t, new byte[0], null, (k, val) -> {
            any[0] = true;
            return false;
        });
        return !any[0];
    }
}
