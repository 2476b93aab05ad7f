package dcfs.vfs.data;

import dcfs.vfs.inode.Inode;
import dcfs.vfs.meta.MetaStore;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open regular files by inode number. Membership changes only while holding the metadata
 * writer lock ({@link MetaStore#exclusively}, or inside a write transaction), so a transaction that
 * asks "is this inode open?" (unlink, rename over it) gets an answer that holds until it commits.
 * Lookups are lock-free.
 */
public final class OpenFiles {
    private final MetaStore meta;
    private final ConcurrentHashMap<Long, OpenFile> byIno = new ConcurrentHashMap<>();

    public OpenFiles(MetaStore meta) {
        this.meta = meta;
    }

    /** The open file, or null. */
    public OpenFile get(long ino) {
        return byIno.get(ino);
    }

    /** The attributes of {@code ino} if it is open (newer than the metadata's), else null. */
    public Inode liveAttrs(long ino) {
        OpenFile f = byIno.get(ino);
        return f == null ? null : f.attrs();
    }

    /**
     * Opens one more handle on the file whose current attributes are {@code current} (used only
     * if it is not open yet). Caller holds the writer lock, and undoes this with {@link #release}
     * if what it is part of fails.
     */
    public OpenFile acquire(Inode current) {
        checkLocked();
        OpenFile f = byIno.computeIfAbsent(current.ino(), k -> new OpenFile(current));
        f.opens++;
        return f;
    }

    /** Closes one handle; returns true if it was the last (the file is no longer registered). */
    public boolean release(OpenFile f) {
        checkLocked();
        f.opens--;
        if (f.opens == 0) {
            byIno.remove(f.ino(), f);
            return true;
        }
        return false;
    }

    /** Undoes a last {@link #release} whose transaction did not commit. */
    void reopen(OpenFile f) {
        f.opens++;
        byIno.putIfAbsent(f.ino(), f);
    }

    public Collection<OpenFile> all() {
        return List.copyOf(byIno.values());
    }

    private void checkLocked() {
        if (!meta.holdsWriterLock()) {
            throw new IllegalStateException("open-file registry changed without the metadata writer lock");
        }
    }
}
