package dcfs.vfs.data;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.Time;
import dcfs.vfs.store.FileId;
import dcfs.vfs.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;

/**
 * A regular file with at least one open handle. While a file is open, this object's attributes
 * are the authoritative ones (the metadata catches up at the next commit of the file).
 *
 * <p>Locks (see the dcfs.vfs package doc for the global order):
 * <ul>
 *   <li>{@link #lock}: readers share it, writes/truncate/release take it exclusively. Only a thread
 *       holding it (either mode) starts a write-back of this file's stripes.</li>
 *   <li>{@code this} monitor: the attributes and the dirty flag. A leaf: held for field updates
 *       only.</li>
 *   <li>{@link #stripes}, {@link #dirty}, {@link #inFlight}: under {@code StripeCache.lock}.</li>
 *   <li>{@link #opens}: changed only inside a metadata write transaction (OpenFiles).</li>
 * </ul>
 */
public final class OpenFile {
    private final long ino;
    private final FileId fileId;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private Inode attrs;
    private long attrsDirtySince;
    /** Only the access time changed since the last commit (stored lazily, see LazyAtimes). */
    private boolean atimeDirty;

    int opens;

    final Map<Long, CachedStripe> stripes = new HashMap<>();
    int dirty;
    int inFlight;

    private final List<Exception> writeErrors = new ArrayList<>(1);

    /** Where the next read would start if reads are sequential (an estimate; races are harmless). */
    volatile long lastReadEnd = -1;
    /**
     * Some cached stripe of this file may have a pending base ({@link CachedStripe#base}): a hint
     * that lets flushes skip the write lock when none has. Set under the write lock, cleared by a
     * full resolution under it.
     */
    volatile boolean pendingBases;

    OpenFile(Inode attrs) {
        this.ino = attrs.ino();
        this.fileId = attrs.fileId();
        this.attrs = attrs;
    }

    public long ino() {
        return ino;
    }

    public FileId fileId() {
        return fileId;
    }

    /** The current attributes. */
    public synchronized Inode attrs() {
        return attrs;
    }

    /**
     * Applies a metadata change made inside a write transaction; the caller stores the returned
     * value in the same transaction, so the attributes are not left dirty by it.
     */
    public synchronized Inode update(UnaryOperator<Inode> change) {
        attrs = change.apply(attrs);
        return attrs;
    }

    /**
     * Applies {@code change} and stores all the attributes in {@code txn}, which therefore
     * commits every pending data-path change too.
     */
    public Inode commitUpdate(dcfs.vfs.meta.WriteTxn txn, UnaryOperator<Inode> change) {
        Inode a;
        synchronized (this) {
            a = change.apply(attrs);
            attrs = a;
            attrsDirtySince = 0;
            atimeDirty = false;
        }
        txn.onAbort(() -> markAttrsDirty(System.nanoTime()));
        dcfs.vfs.meta.Inodes.put(txn, a);
        return a;
    }

    /** Applies a data-path change kept in memory until the next commit of this file. */
    synchronized Inode updateDirty(UnaryOperator<Inode> change, long nowNanos) {
        attrs = change.apply(attrs);
        if (attrsDirtySince == 0) {
            attrsDirtySince = nowNanos;
        }
        return attrs;
    }

    /** The attributes to commit, marking them clean; {@link #markAttrsDirty} undoes it on abort. */
    synchronized Inode takeAttrsForCommit() {
        attrsDirtySince = 0;
        atimeDirty = false;
        return attrs;
    }

    /** A read: the access time moves, which alone never forces a commit. */
    synchronized void touchAtime(Time now) {
        attrs = attrs.withTimes(now, attrs.mtime(), attrs.ctime());
        atimeDirty = true;
    }

    synchronized boolean atimeDirty() {
        return atimeDirty;
    }

    synchronized void markAttrsDirty(long nowNanos) {
        if (attrsDirtySince == 0) {
            attrsDirtySince = nowNanos;
        }
    }

    /** nanoTime since when the attributes are uncommitted, or 0. */
    synchronized long attrsDirtySince() {
        return attrsDirtySince;
    }

    /** True once unlinked (nlink 0): its data need never be written back. */
    public boolean isOrphan() {
        return attrs().nlink() == 0;
    }

    void addWriteError(Exception e) {
        synchronized (writeErrors) {
            writeErrors.add(e);
        }
    }

    /**
     * Throws (once) what background write-back of this file ran into since the last call: the
     * fsync/close that follows a failure reports it, never loses it.
     */
    void throwWriteErrors() throws FsException {
        List<Exception> errs;
        synchronized (writeErrors) {
            if (writeErrors.isEmpty()) {
                return;
            }
            errs = new ArrayList<>(writeErrors);
            writeErrors.clear();
        }
        Exception first = errs.getFirst();
        Errno errno = first instanceof StoreUnavailableException u && u.noSpace() ? Errno.ENOSPC
                : first instanceof FsException fe ? fe.errno() : Errno.EIO;
        FsException e = new FsException(errno, "write-back of inode " + ino + " failed: " + first.getMessage(), first);
        for (int i = 1; i < errs.size(); i++) {
            e.addSuppressed(errs.get(i));
        }
        throw e;
    }

    @Override
    public String toString() {
        return "open inode " + ino;
    }
}
