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
import dcfs.vfs.meta.Durability;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.namespace.Namespace;
import dcfs.vfs.namespace.Place;
import dcfs.vfs.namespace.Target;
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
    private final Durability durability;
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

    private Vfs(MetaStore meta, Durability durability, StripeStore store, VfsConfig config, Clock clock,
                long journalKeep) {
        this.meta = meta;
        this.durability = durability;
        this.store = store;
        this.config = config;
        this.openFiles = new OpenFiles(meta);
        this.namespace = new Namespace(meta, openFiles, lazyAtimes, clock, config.readOnly());
        this.content = new FileContent(meta, durability, store, config, clock, lazyAtimes);
        this.gc = new GarbageCollector(meta, durability, store);
        this.flusher = new Flusher(content, openFiles, meta, gc, lazyAtimes, config, journalKeep,
                namespace::reclaimForgotten);
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
        return open(meta, meta, store, config, clock, rootUid, rootGid, journalKeep);
    }

    /**
     * As {@link #open(MetaStore, StripeStore, VfsConfig, Clock, int, int, long)}, with fsync and the
     * deletion of garbage waiting for {@code durability} rather than for the local LMDB sync alone
     * (a network mount: the journal shipped to the nodes).
     */
    public static Vfs open(MetaStore meta, Durability durability, StripeStore store, VfsConfig config, Clock clock,
                           int rootUid, int rootGid, long journalKeep) throws FsException {
        Vfs vfs = new Vfs(meta, durability, store, config, clock, journalKeep);
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

    // ------------------------------------------------------------ by path (FUSE high-level API)

    /** lstat of {@code path} (FUSE getattr and lookup). */
    public Inode getattr(Caller c, String path) throws FsException {
        return namespace.getattr(c, Target.path(path, false));
    }

    public String readlink(Caller c, String path) throws FsException {
        return namespace.readlink(c, Target.path(path, false));
    }

    public void access(Caller c, String path, int mask) throws FsException {
        namespace.access(c, Target.path(path, true), mask);
    }

    public Inode mknod(Caller c, String path, int mode, long rdev) throws FsException {
        return namespace.mknod(c, Place.path(path), mode, rdev);
    }

    public Inode mkdir(Caller c, String path, int mode) throws FsException {
        return namespace.mkdir(c, Place.path(path), mode);
    }

    public Inode symlink(Caller c, String target, String linkPath) throws FsException {
        return namespace.symlink(c, target, Place.path(linkPath));
    }

    public Inode link(Caller c, String existing, String newPath) throws FsException {
        return namespace.link(c, Target.path(existing, false), Place.path(newPath));
    }

    public void unlink(Caller c, String path) throws FsException {
        namespace.unlink(c, Place.path(path));
    }

    public void rmdir(Caller c, String path) throws FsException {
        namespace.rmdir(c, Place.path(path));
    }

    public void rename(Caller c, String from, String to, RenameMode mode) throws FsException {
        namespace.rename(c, Place.path(from), Place.path(to), mode);
    }

    public Inode chmod(Caller c, String path, int mode) throws FsException {
        return namespace.chmod(c, Target.path(path, true), mode);
    }

    public Inode chown(Caller c, String path, int uid, int gid) throws FsException {
        return namespace.chown(c, Target.path(path, false), uid, gid);
    }

    public Inode utimens(Caller c, String path, TimeChange atime, TimeChange mtime) throws FsException {
        return namespace.utimens(c, Target.path(path, false), atime, mtime);
    }

    /** truncate(2) by path: needs write permission. */
    public Inode truncate(Caller c, String path, long size) throws FsException {
        return truncate(c, Target.path(path, true), size);
    }

    /** Creates (or with O_CREAT and no O_EXCL, opens) a regular file and returns a handle. */
    public Opened create(Caller c, String path, int mode, int flags) throws FsException {
        return create(c, Place.path(path), mode, flags);
    }

    /** Opens an existing regular file; O_TRUNC truncates it. */
    public long open(Caller c, String path, int flags) throws FsException {
        return open(c, Target.path(path, (flags & OpenFlags.O_NOFOLLOW) == 0), flags);
    }

    public long opendir(Caller c, String path) throws FsException {
        return opendir(c, Target.path(path, true));
    }

    public void setxattr(Caller c, String path, String name, byte[] value, XattrMode mode) throws FsException {
        namespace.setxattr(c, Target.path(path, false), name, value, mode);
    }

    public byte[] getxattr(Caller c, String path, String name) throws FsException {
        return namespace.getxattr(c, Target.path(path, false), name);
    }

    public List<String> listxattr(Caller c, String path) throws FsException {
        return namespace.listxattr(c, Target.path(path, false));
    }

    public void removexattr(Caller c, String path, String name) throws FsException {
        namespace.removexattr(c, Target.path(path, false), name);
    }

    // ------------------------------------------------------------ by inode (FUSE low-level API)

    /**
     * The entry {@code name} in directory {@code parent}; counts one kernel reference to it (given
     * back by {@link #forget}).
     */
    public Inode lookup(Caller c, long parent, String name) throws FsException {
        return namespace.lookup(c, Place.in(parent, name), true);
    }

    /** The kernel gives back {@code n} references to {@code ino} (FUSE forget). */
    public void forget(long ino, long n) {
        namespace.forget(ino, n);
    }

    /** Attributes of an inode the kernel holds (no search permission involved). */
    public Inode getattr(long ino) throws FsException {
        return namespace.getattr(Caller.ROOT, Target.ino(ino));
    }

    public String readlink(long ino) throws FsException {
        return namespace.readlink(Caller.ROOT, Target.ino(ino));
    }

    public void access(Caller c, long ino, int mask) throws FsException {
        namespace.access(c, Target.ino(ino), mask);
    }

    /** The entry-creating calls count one kernel reference to what they create, as lookup does. */
    public Inode mknod(Caller c, long parent, String name, int mode, long rdev) throws FsException {
        return referenced(namespace.mknod(c, Place.in(parent, name), mode, rdev));
    }

    public Inode mkdir(Caller c, long parent, String name, int mode) throws FsException {
        return referenced(namespace.mkdir(c, Place.in(parent, name), mode));
    }

    public Inode symlink(Caller c, String target, long parent, String name) throws FsException {
        return referenced(namespace.symlink(c, target, Place.in(parent, name)));
    }

    public Inode link(Caller c, long ino, long newParent, String newName) throws FsException {
        return referenced(namespace.link(c, Target.ino(ino), Place.in(newParent, newName)));
    }

    public void unlink(Caller c, long parent, String name) throws FsException {
        namespace.unlink(c, Place.in(parent, name));
    }

    public void rmdir(Caller c, long parent, String name) throws FsException {
        namespace.rmdir(c, Place.in(parent, name));
    }

    public void rename(Caller c, long parent, String name, long newParent, String newName, RenameMode mode)
            throws FsException {
        namespace.rename(c, Place.in(parent, name), Place.in(newParent, newName), mode);
    }

    public Inode chmod(Caller c, long ino, int mode) throws FsException {
        return namespace.chmod(c, Target.ino(ino), mode);
    }

    public Inode chown(Caller c, long ino, int uid, int gid) throws FsException {
        return namespace.chown(c, Target.ino(ino), uid, gid);
    }

    public Inode utimens(Caller c, long ino, TimeChange atime, TimeChange mtime) throws FsException {
        return namespace.utimens(c, Target.ino(ino), atime, mtime);
    }

    /** truncate by inode (no handle): needs write permission. */
    public Inode truncate(Caller c, long ino, long size) throws FsException {
        return truncate(c, Target.ino(ino), size);
    }

    public Opened create(Caller c, long parent, String name, int mode, int flags) throws FsException {
        Opened o = create(c, Place.in(parent, name), mode, flags);
        namespace.referenced(o.attr().ino());
        return o;
    }

    public long open(Caller c, long ino, int flags) throws FsException {
        return open(c, Target.ino(ino), flags);
    }

    public long opendir(Caller c, long ino) throws FsException {
        return opendir(c, Target.ino(ino));
    }

    public void setxattr(Caller c, long ino, String name, byte[] value, XattrMode mode) throws FsException {
        namespace.setxattr(c, Target.ino(ino), name, value, mode);
    }

    public byte[] getxattr(Caller c, long ino, String name) throws FsException {
        return namespace.getxattr(c, Target.ino(ino), name);
    }

    public List<String> listxattr(Caller c, long ino) throws FsException {
        return namespace.listxattr(c, Target.ino(ino));
    }

    public void removexattr(Caller c, long ino, String name) throws FsException {
        namespace.removexattr(c, Target.ino(ino), name);
    }

    private Inode referenced(Inode i) {
        namespace.referenced(i.ino());
        return i;
    }

    // ------------------------------------------------------------ shared by both

    private Inode truncate(Caller c, Target target, long size) throws FsException {
        OpenFlags f = OpenFlags.decode(OpenFlags.O_WRONLY);
        Namespace.Opening o = namespace.open(c, target, f);
        try {
            return content.truncate(o.file(), size);
        } finally {
            releaseFile(o.file());
        }
    }

    private Opened create(Caller c, Place place, int mode, int flags) throws FsException {
        OpenFlags f = OpenFlags.decode(flags | OpenFlags.O_CREAT);
        Namespace.Opening o = namespace.create(c, place, f, mode);
        return new Opened(finishOpen(o, f), o.file().attrs());
    }

    private long open(Caller c, Target target, int flags) throws FsException {
        OpenFlags f = OpenFlags.decode(flags & ~OpenFlags.O_CREAT);
        return finishOpen(namespace.open(c, target, f), f);
    }

    private long opendir(Caller c, Target target) throws FsException {
        Inode dir = namespace.opendir(c, target);
        return handles.add(new Handle.DirHandle(dir.ino()));
    }

    private long finishOpen(Namespace.Opening o, OpenFlags f) throws FsException {
        try {
            if (f.truncate() && !o.created()) {
                content.truncate(o.file(), 0);
            }
        } catch (FsException e) {
            releaseFile(o.file());
            throw e;
        }
        return handles.add(new Handle.FileHandle(o.file(), f));
    }

    private void releaseFile(OpenFile f) throws FsException {
        content.release(f, openFiles, namespace::heldByKernel);
    }

    /** fstat of an open file (works after unlink). */
    public Inode fgetattr(long fh) throws FsException {
        return handles.file(fh).file().attrs();
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

    /** ftruncate(2). */
    public Inode ftruncate(long fh, long size) throws FsException {
        Handle.FileHandle h = handles.file(fh);
        if (!h.flags().write()) {
            throw new FsException(Errno.EBADF, "handle " + fh + " is not open for writing");
        }
        return content.truncate(h.file(), size);
    }

    /** fallocate(2) with the modes {@link FileContent#fallocate} honours. */
    public void fallocate(Caller c, long fh, int mode, long offset, long length) throws FsException {
        Handle.FileHandle h = handles.file(fh);
        if (!h.flags().write()) {
            throw new FsException(Errno.EBADF, "handle " + fh + " is not open for writing");
        }
        content.fallocate(c, h.file(), mode, offset, length);
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
            releaseFile(f.file());
        }
    }

    /** All entries, "." and ".." first. */
    public List<DirEntry> readdir(long dh) throws FsException {
        return namespace.list(handles.dir(dh).ino());
    }

    /**
     * The entries from {@code offset} (an index into the listing; 0 starts over and lists the
     * directory afresh), for readdir calls that come in pieces.
     */
    public List<DirEntry> readdir(long dh, long offset) throws FsException {
        Handle.DirHandle d = handles.dir(dh);
        List<DirEntry> all = d.listing().get();
        if (offset == 0 || all == null) {
            all = namespace.list(d.ino());
            d.listing().set(all);
        }
        return offset >= all.size() ? List.of() : all.subList((int) offset, all.size());
    }

    public void releasedir(long dh) throws FsException {
        handles.remove(dh);
    }

    /** fsync of a directory: all metadata committed so far becomes durable. */
    public void fsyncdir(long dh) throws FsException {
        handles.dir(dh);
        durability.awaitDurable(meta.lastSeq());
    }

    // ------------------------------------------------------------ whole filesystem

    /**
     * Everything written so far becomes durable: every open file's dirty stripes, then the
     * metadata, then garbage that became deletable.
     */
    public void syncAll() throws FsException {
        namespace.reclaimForgotten();
        content.flushAll(openFiles);
        lazyAtimes.commit(meta);
        durability.awaitDurable(meta.lastSeq());
        try {
            store.flush();
        } catch (StoreException e) {
            throw new FsException(Errno.EIO, "store flush: " + e.getMessage(), e);
        }
        if (!config.readOnly()) {
            gc.collectDurable(); // a read-only mount deletes nothing (its snapshot may be behind the writer)
        }
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
