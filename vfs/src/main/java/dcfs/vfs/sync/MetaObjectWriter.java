package dcfs.vfs.sync;

import dcfs.vfs.store.FileId;
import dcfs.vfs.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Streams one {@link MetaObject} into stripes as it is written, holding at most two stripes in
 * memory: a full stripe is stored only once the next byte arrives, so the last one can be marked
 * last in its {@link MetaBlob}. {@link #start} names the object (before the first byte);
 * {@link #finish} writes the trailer, stores what is left and returns the reference. If anything
 * fails, {@link #abort} deletes the stripes already stored.
 *
 * <p>Not thread-safe: one writer, one thread.
 */
public final class MetaObjectWriter extends OutputStream {
    private final ObjectStore store;
    private final ObjectNames names;
    private final FsShape shape;
    private final int stripeSize;
    private final FileId fsId;
    private final RandomId mountId;
    private final ObjectKind kind;
    private final long recordSeq;
    private final CRC32C crc = new CRC32C();
    private byte[] current;
    private int used;
    private byte[] full;
    private long stored;
    private long length;
    private FileId id;
    private long firstSeq;
    private long lastSeq;
    private boolean done;

    /**
     * @param shape     the filesystem's shape: objects are cut into its stripe size, and every blob
     *                  carries it (recovery without a superblock learns it there)
     * @param recordSeq the superblock record sequence this object is shipped for (into its blob)
     */
    public MetaObjectWriter(ObjectStore store, ObjectNames names, FsShape shape, FileId fsId, RandomId mountId,
                            ObjectKind kind, long recordSeq) {
        this.store = store;
        this.names = names;
        this.shape = shape;
        this.stripeSize = shape.stripeSize();
        this.fsId = fsId;
        this.mountId = mountId;
        this.kind = kind;
        this.recordSeq = recordSeq;
        this.current = new byte[stripeSize];
    }

    /** Names the object by its range and writes its header; before any other write. */
    public void start(long first, long last) throws IOException {
        if (id != null) {
            throw new IllegalStateException("object already started");
        }
        firstSeq = first;
        lastSeq = last;
        id = names.objectId(fsId, mountId, kind, first, last);
        ByteBuffer h = ByteBuffer.allocate(MetaObject.HEADER);
        h.put(MetaObject.MAGIC).putShort((short) MetaObject.VERSION).put((byte) kind.code());
        fsId.writeTo(h);
        h.putLong(first).putLong(last);
        write(h.array());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (id == null) {
            throw new IllegalStateException("start the object before writing to it");
        }
        crc.update(b, off, len);
        length += len;
        while (len > 0) {
            if (used == stripeSize) {
                rotate();
            }
            int n = Math.min(len, stripeSize - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    /** The current stripe is full and more follows: store the one before it, keep this one back. */
    private void rotate() throws IOException {
        if (full != null) {
            putStripe(full, stripeSize, false);
        }
        byte[] spare = full != null ? full : new byte[stripeSize];
        full = current;
        current = spare;
        used = 0;
    }

    /** Writes the trailer and stores every stripe left; returns where the object is. */
    public ObjectRef finish() throws IOException {
        ByteBuffer t = ByteBuffer.allocate(8);
        t.putLong(length);
        write(t.array());
        int sum = (int) crc.getValue();
        write(ByteBuffer.allocate(4).putInt(sum).array());
        if (used == 0 && full != null) {
            putStripe(full, stripeSize, true);
        } else {
            if (full != null) {
                putStripe(full, stripeSize, false);
            }
            putStripe(current, used, true);
        }
        done = true;
        full = null;
        current = null;
        return new ObjectRef(kind, id, firstSeq, lastSeq, length);
    }

    /** Deletes what was stored of an object that will not be finished. */
    public void abort() {
        if (done || id == null) {
            return;
        }
        done = true;
        for (long n = 0; n < stored; n++) {
            try {
                store.delete(new ObjectRef(kind, id, firstSeq, lastSeq, 0).stripe(n));
            } catch (StoreException e) {
                // left for repair to find: no superblock points at it
            }
        }
    }

    private void putStripe(byte[] data, int len, boolean last) throws IOException {
        byte[] blob = new MetaBlob(kind, last, fsId, firstSeq, lastSeq, recordSeq, shape).encode();
        try {
            store.put(new ObjectRef(kind, id, firstSeq, lastSeq, 0).stripe(stored), blob, data, 0, len);
        } catch (StoreException e) {
            throw new IOException("storing stripe " + stored + " of metadata " + kind.name().toLowerCase(
                    java.util.Locale.ROOT) + " " + firstSeq + ".." + lastSeq + ": " + e.getMessage(), e);
        }
        stored++;
    }
}
