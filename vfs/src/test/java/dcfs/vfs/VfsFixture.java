package dcfs.vfs;

import dcfs.vfs.inode.Clock;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.store.InMemoryStripeStore;
import dcfs.vfs.store.StripeStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/** A vfs over an in-memory store and LMDB in a temp directory, with small stripes so tests cross them. */
public final class VfsFixture implements AutoCloseable {
    public static final int STRIPE = 64 * 1024;
    public static final int INLINE = 4 * 1024;
    public static final Caller ROOT = Caller.ROOT;

    public final Path dir;
    public final StripeStore store;
    public final VfsConfig config;
    public MetaStore meta;
    public Vfs vfs;

    public VfsFixture(Path dir) throws Exception {
        this(dir, new InMemoryStripeStore(), smallConfig());
    }

    public VfsFixture(Path dir, StripeStore store, VfsConfig config) throws Exception {
        this.dir = dir;
        this.store = store;
        this.config = config;
        open();
    }

    public static VfsConfig smallConfig() {
        return new VfsConfig(STRIPE, INLINE, 16L * STRIPE, Duration.ofMillis(200), Duration.ofMillis(200), 2, 3, false);
    }

    public void open() throws Exception {
        meta = MetaStore.open(dir.resolve("meta"));
        vfs = Vfs.open(meta, store, config, Clock.SYSTEM, 0, 0, 0);
    }

    /** Clean unmount and mount again over the same metadata and store. */
    public void remount() throws Exception {
        vfs.close();
        meta.close();
        open();
    }

    /** Like a killed process: nothing more is flushed, then a fresh mount. */
    public void crashAndRemount() throws Exception {
        vfs.abandon();
        meta.close();
        open();
    }

    public byte[] read(String path) throws Exception {
        return read(ROOT, path);
    }

    public byte[] read(Caller c, String path) throws Exception {
        long fh = vfs.open(c, path, OpenFlags.O_RDONLY);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(100_000);
            long off = 0;
            while (true) {
                buf.clear();
                int n = vfs.read(fh, off, buf);
                if (n == 0) {
                    break;
                }
                out.write(buf.array(), 0, n);
                off += n;
            }
            return out.toByteArray();
        } finally {
            vfs.release(fh);
        }
    }

    public Inode write(String path, byte[] data) throws Exception {
        return write(ROOT, path, data);
    }

    public Inode write(Caller c, String path, byte[] data) throws Exception {
        Opened o = vfs.create(c, path, 0644, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC);
        try {
            vfs.write(c, o.handle(), 0, ByteBuffer.wrap(data));
            vfs.flush(o.handle());
        } finally {
            vfs.release(o.handle());
        }
        return vfs.getattr(c, path);
    }

    @Override
    public void close() throws Exception {
        try {
            vfs.close();
        } finally {
            meta.close();
        }
    }
}
