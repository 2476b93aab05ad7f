package dcfs.vfs;

import dcfs.vfs.data.FileContent;
import dcfs.vfs.data.Flusher;
import dcfs.vfs.data.GarbageCollector;
import dcfs.vfs.data.LazyAtimes;
import dcfs.vfs.data.OpenFile;
import dcfs.vfs.data.OpenFiles;
import dcfs.vfs.data.Recovery;
import dcfs.vfs.handle.Handle;
import dcfs.vfs.handle.HandleTable;
import dcfs.vfs.inode.Clock;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.TimeChange;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.namespace.Namespace;
import dcfs.vfs.store.StoreCapacity;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StripeStore;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filesystem, as the FUSE adapter sees it: one method per FUSE operation, by path or by
 * handle. Path operations take the {@link Caller} (uid, gid, groups, umask) for ownership of new
 * entries and for the permission rules; handle operations need no path, so they keep working on
 * files unlinked while open.
 *
 * <p>Failures are {@link FsException}s carrying an {@link Errno}. Thread-safe; see the package
 * documentation for the locking protocol.
 */
public final class Vfs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Vfs.class);
    /** Nominal inode counts for statfs (there is no fixed inode table). */
    private static final long NOMINAL_FILES = 1L << 32;

    private final MetaStore meta;
    private final StripeStore store;
    private final VfsConfig config;
    private final OpenFiles openFiles;
    private final LazyAtimes lazyAtimes = new LazyAtimes();
    private final HandleTable handles = new HandleTable();
    private final Namespace namespace;
    private final FileContent content;
    private final GarbageCollector gc;
    private final Flusher flusher;
    private volatile boolean closed;

    private Vfs(MetaStore meta, StripeStore store, VfsConfig config, Clock clock, long journalKeep) {
        this.meta = meta;
        this.store = store;
        this.config = config;
        this.openFiles = new OpenFiles(meta);
        this.namespace = new Namespace(meta, openFiles, lazyAtimes, clock, config.readOnly());
        this.content = new FileContent(meta, store, config, clock, lazyAtimes);
        this.gc = new GarbageCollector(meta, store);
        this.flusher = new Flusher(content, openFiles, meta, gc, lazyAtimes, config, journalKeep);
    }

    /**
     * Opens the filesystem kept in {@code meta} and {@code store}: creates the root directory
     * (owned by {@code rootUid}/{@code rootGid}) if the metadata is new, cleans up after an unclean
     * end of the previous mount, and starts background write-back.
     *
     * @param journalKeep journal entries to keep locally (0: keep all, for a shipper to take)
     */
    public static Vfs open(MetaStore meta, StripeStore store, VfsConfig config, Clock clock, int rootUid, int rootGid,
                           long journalKeep) throws FsException {
        Vfs vfs = new Vfs(meta, store, config, clock, journalKeep);
        vfs.namespace.initialize(rootUid, rootGid);
        if (!config.readOnly()) {
            Recovery.run(meta, vfs.gc);
        }
        vfs.flusher.start();
        return vfs;
    }

    public VfsConfig config() {
        return config;
    }

    // ------------------------------------------------------------ attributes and names

    /** lstat of {@code path} (FUSE getattr and lookup). */
    public Inode getattr(Caller c, String path) throws FsException {
        return namespace.getattr(c, path);
    }

    /** fstat of an open file (works after unlink). */
    public Inode fgetattr(long fh) throws FsException {
        return handles.file(fh).file().attrs();
    }

    public String readlink(Caller c, String path) throws FsException {
        return namespace.readlink(c, path);
    }

    public void access(Caller c, String path, int mask) throws FsException {
        namespace.access(c, path, mask);
    }

    public FsStats statfs() throws FsException {
        StoreCapacity cap;
        try {
            cap = store.capacity();
        } catch (StoreException e) {
            throw new FsException(Errno.EIO, "store capacity: " + e.getMessage(), e);
        }
        long bs = 4096;
        return new FsStats(bs, cap.totalBytes() / bs, cap.freeBytes() / bs, cap.freeBytes() / bs, NOMINAL_FILES,
                NOMINAL_FILES / 2, 255);
    }

    // ------------------------------------------------------------ creation and removal

    public Inode mknod(Caller c, String path, int mode, long rdev) throws FsException {
        return namespace.mknod(c, path, mode, rdev);
    }

    public Inode mkdir(Caller c, String path, int mode) throws FsException {
        return namespace.mkdir(c, path, mode);
    }

    public Inode symlink(Caller c, String target, String linkPath) throws FsException {
        return namespace.symlink(c, target, linkPath);
    }

    public Inode link(Caller c, String existing, String newPath) throws FsException {
        return namespace.link(c, existing, newPath);
    }

    public void unlink(Caller c, String path) throws FsException {
        namespace.unlink(c, path);
    }

    public void rmdir(Caller c, String path) throws FsException {
        namespace.rmdir(c, path);
    }

    public void rename(Caller c, String from, String to, RenameMode mode) throws FsException {
        namespace.rename(c, from, to, mode);
    }

    // ------------------------------------------------------------ attribute changes

    public Inode chmod(Caller c, String path, int mode) throws FsException {
        return namespace.chmod(c, path, mode);
    }

    public Inode chown(Caller c, String path, int uid, int gid) throws FsException {
        return namespace.chown(c, path, uid, gid);
    }

    public Inode utimens(Caller c, String path, TimeChange atime, TimeChange mtime) throws FsException {
        return namespace.utimens(c, path, atime, mtime);
    }

    /** truncate(2) by path: needs write permission. */
    public Inode truncate(Caller c, String path, long size) throws FsException {
        Namespace.Opening o = namespace.open(c, path, OpenFlags.decode(OpenFlags.O_WRONLY), 0);
        try {
            return content.truncate(o.file(), size);
        } finally {
            content.release(o.file(), openFiles);
        }
    }

    /** ftruncate(2). */
    public Inode ftruncate(long fh, long size) throws FsException {
        Handle.FileHandle h = handles.file(fh);
        if (!h.flags().write()) {
            throw new FsException(Errno.EBADF, "handle " + fh + " is not open for writing");
        }
        return content.truncate(h.file(), size);
    }

    // ------------------------------------------------------------ files

    /** Creates (or with O_CREAT and no O_EXCL, opens) a regular file and returns a handle. */
    public Opened create(Caller c, String path, int mode, int flags) throws FsException {
        OpenFlags f = OpenFlags.decode(flags | OpenFlags.O_CREAT);
        Namespace.Opening o = namespace.open(c, path, f, mode);
        return new Opened(finishOpen(o, f), o.file().attrs());
    }

    /** Opens an existing regular file; O_TRUNC truncates it. */
    public long open(Caller c, String path, int flags) throws FsException {
        OpenFlags f = OpenFlags.decode(flags & ~OpenFlags.O_CREAT);
        return finishOpen(namespace.open(c, path, f, 0), f);
    }

    private long finishOpen(Namespace.Opening o, OpenFlags f) throws FsException {
        try {
            if (f.truncate() && !o.created()) {
                content.truncate(o.file(), 0);
            }
        } catch (FsException e) {
            content.release(o.file(), openFiles);
            throw e;
        }
        return handles.add(new Handle.FileHandle(o.file(), f));
    }

    /** Reads up to {@code dst.remaining()} bytes at {@code offset}; 0 at end of file. */
    public int read(long fh, long offset, ByteBuffer dst) throws FsException {
        Handle.FileHandle h = handles.file(fh);
        if (!h.flags().read()) {
            throw new FsException(Errno.EBADF, "handle " + fh + " is not open for reading");
        }
        return content.read(h.file(), offset, dst);
    }

    /** Writes all of {@code src} at {@code offset} (at the end for O_APPEND handles). */
    public int write(Caller c, long fh, long offset, ByteBuffer src) throws FsException {
        Handle.FileHandle h = handles.file(fh);
        if (!h.flags().write()) {
            throw new FsException(Errno.EBADF, "handle " + fh + " is not open for writing");
        }
        return content.write(c, h.file(), offset, src, h.flags().append());
    }

    /** close(2) of one descriptor: written data reaches the store, and errors are reported. */
    public void flush(long fh) throws FsException {
        content.flush(handles.file(fh).file());
    }

    /** fsync/fdatasync: returns once the file's data and the metadata reaching it are durable. */
    public void fsync(long fh, boolean dataOnly) throws FsException {
        content.fsync(handles.file(fh).file());
    }

    /** The last close of a handle; an unlinked file goes when its last handle does. */
    public void release(long fh) throws FsException {
        Handle h = handles.remove(fh);
        if (h instanceof Handle.FileHandle f) {
            content.release(f.file(), openFiles);
        }
    }

    // ------------------------------------------------------------ directories

    public long opendir(Caller c, String path) throws FsException {
        Inode dir = namespace.opendir(c, path);
        return handles.add(new Handle.DirHandle(dir.ino()));
    }

    /** All entries, "." and ".." first. */
    public List<DirEntry> readdir(long dh) throws FsException {
        return namespace.list(handles.dir(dh).ino());
    }

    public void releasedir(long dh) throws FsException {
        handles.remove(dh);
    }

    /** fsync of a directory: all metadata committed so far becomes durable. */
    public void fsyncdir(long dh) throws FsException {
        handles.dir(dh);
        meta.sync();
    }

    // ------------------------------------------------------------ extended attributes

    public void setxattr(Caller c, String path, String name, byte[] value, XattrMode mode) throws FsException {
        namespace.setxattr(c, path, name, value, mode);
    }

    public byte[] getxattr(Caller c, String path, String name) throws FsException {
        return namespace.getxattr(c, path, name);
    }

    public List<String> listxattr(Caller c, String path) throws FsException {
        return namespace.listxattr(c, path);
    }

    public void removexattr(Caller c, String path, String name) throws FsException {
        namespace.removexattr(c, path, name);
    }

    // ------------------------------------------------------------ whole filesystem

    /**
     * Everything written so far becomes durable: every open file's dirty stripes, then the
     * metadata, then garbage that became deletable.
     */
    public void syncAll() throws FsException {
        content.flushAll(openFiles);
        lazyAtimes.commit(meta);
        meta.sync();
        try {
            store.flush();
        } catch (StoreException e) {
            throw new FsException(Errno.EIO, "store flush: " + e.getMessage(), e);
        }
        gc.collectDurable();
    }

    /** Open handles (files and directories), for diagnostics and tests. */
    public int openHandles() {
        return handles.size();
    }

    /** Cache bytes in use now and at most so far. */
    public long cacheUsed() {
        return content.cacheUsed();
    }

    public long cachePeak() {
        return content.cachePeak();
    }

    /**
     * Writes everything out and stops background work. Handles still open stay registered (an
     * unlinked file still open is deleted at the next mount). Does not close the store or metadata.
     */
    @Override
    public void close() throws FsException {
        if (closed) {
            return;
        }
        closed = true;
        FsException failure = null;
        try {
            syncAll();
        } catch (FsException e) {
            failure = e;
            LOG.error("final flush failed: {}", e.getMessage());
        }
        flusher.close();
        content.close();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Stops without writing anything more, as if the process were killed (tests of recovery).
     * Background store operations already under way finish.
     */
    void abandon() {
        closed = true;
        flusher.close();
        content.close();
    }

    /** The open file behind a handle (tests). */
    OpenFile openFile(long fh) throws FsException {
        return handles.file(fh).file();
    }
}
