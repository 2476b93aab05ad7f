package dcfs.vfs.sync;

import dcfs.vfs.store.FileId;
import dcfs.vfs.store.StoreException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads one {@link MetaObject} back from its stripes, one stripe in memory at a time: the header is
 * checked on {@link #open}, {@link #body} is read by the caller (a checkpoint restore, or
 * {@link #nextEntry} for journal records), and {@link #finish} checks the length and CRC trailer.
 */
public final class MetaObjectReader {
    private final StripeSource source;
    private final CRC32C crc = new CRC32C();
    private final DataInputStream body;
    private final ObjectKind kind;
    private final long firstSeq;
    private final long lastSeq;
    private long consumed;

    /** Where the stripes come from: stripe n of the object, or an exception if it cannot be had. */
    @FunctionalInterface
    public interface StripeSource {
        byte[] stripe(long n) throws StoreException;
    }

    private MetaObjectReader(StripeSource source, long stripes, FileId fsId, ObjectKind expected) throws IOException {
        this.source = source;
        this.body = new DataInputStream(new Stripes(stripes));
        byte[] magic = new byte[MetaObject.MAGIC.length];
        body.readFully(magic);
        if (!Arrays.equals(magic, MetaObject.MAGIC)) {
            throw new MetadataFormatException("not a dcfs metadata object (bad magic)");
        }
        int version = body.readUnsignedShort();
        if (version != MetaObject.VERSION) {
            throw MetadataFormatException.version("metadata object", version, MetaObject.VERSION);
        }
        this.kind = ObjectKind.of(body.readUnsignedByte());
        FileId fs = new FileId(body.readLong(), body.readLong());
        this.firstSeq = body.readLong();
        this.lastSeq = body.readLong();
        if (kind != expected || !fs.equals(fsId)) {
            throw new MetadataFormatException("metadata object is a " + kind + " of filesystem " + fs.hex()
                    + ", expected a " + expected + " of " + fsId.hex());
        }
    }

    /** Opens the object {@code ref} points at in {@code store}, checking its header against it. */
    public static MetaObjectReader open(ObjectStore store, ObjectRef ref, int stripeSize, FileId fsId)
            throws IOException {
        MetaObjectReader r = new MetaObjectReader(n -> store.get(ref.stripe(n)), ref.stripes(stripeSize), fsId,
                ref.kind());
        if (r.firstSeq != ref.firstSeq() || r.lastSeq != ref.lastSeq()) {
            throw new MetadataFormatException("metadata object " + ref + " holds " + r.firstSeq + ".." + r.lastSeq);
        }
        return r;
    }

    /** Opens an object from any source of its {@code stripes} stripes (recovery without a superblock). */
    public static MetaObjectReader open(StripeSource source, long stripes, FileId fsId, ObjectKind kind)
            throws IOException {
        return new MetaObjectReader(source, stripes, fsId, kind);
    }

    public long firstSeq() {
        return firstSeq;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** The body, for a checkpoint restore to read exactly its own bytes from. */
    public InputStream body() {
        return body;
    }

    /** The next journal record of a journal object, or null after the last. */
    public EntryBytes nextEntry() throws IOException {
        return EntryBytes.read(body, Integer.MAX_VALUE);
    }

    /**
     * Reads the trailer: every byte was there, none changed, nothing follows. Reads are exact (no
     * stream here reads ahead), so what was consumed so far is exactly what the trailer covers.
     */
    public void finish() throws IOException {
        long expectedLength = consumed;
        long length = body.readLong();
        int expectedCrc = (int) crc.getValue(); // the CRC covers the length field too
        int sum = body.readInt();
        if (length != expectedLength || sum != expectedCrc || body.read() >= 0) {
            throw new MetadataFormatException("metadata object " + firstSeq + ".." + lastSeq
                    + " fails its check (length " + length + " vs " + expectedLength + ", CRC)");
        }
    }

    /** The stripes as one stream; counts and checksums what the caller consumed before the trailer. */
    private final class Stripes extends InputStream {
        private final long count;
        private long next;
        private byte[] buf = new byte[0];
        private int pos;

        Stripes(long count) {
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == buf.length) {
                if (next == count) {
                    return -1;
                }
                try {
                    buf = source.stripe(next);
                } catch (StoreException e) {
                    throw new IOException("stripe " + next + " of metadata object " + firstSeq + ".." + lastSeq
                            + ": " + e.getMessage(), e);
                }
                next++;
                pos = 0;
            }
            int n = Math.min(len, buf.length - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            account(b, off, n);
            return n;
        }

        /** Every byte handed out is counted and summed; {@link #finish} reads the sums before the trailer. */
        private void account(byte[] b, int off, int n) {
            crc.update(b, off, n);
            consumed += n;
        }
    }
}
