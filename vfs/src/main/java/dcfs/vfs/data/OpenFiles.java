package dcfs.vfs.data;

import dcfs.vfs.inode.Inode;
import dcfs.vfs.meta.WriteTxn;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open regular files by inode number. Membership changes only inside a metadata write
 * transaction (the {@link WriteTxn} parameter says so), so a transaction that asks "is this inode
 * open?" (unlink, rename over it) gets an answer that holds until it commits. Lookups are lock-free.
 */
public final class OpenFiles {
    private final ConcurrentHashMap<Long, OpenFile> byIno = new ConcurrentHashMap<>();

    /** The open file, or null. */
    public OpenFile get(long ino) {
        return byIno.get(ino);
    }

    /** The attributes of {@code ino} if it is open (newer than the metadata's), else null. */
    public Inode liveAttrs(long ino) {
        OpenFile f = byIno.get(ino);
        return f == null ? null : f.attrs();
    }

    /** Opens one more handle on the file whose stored attributes are {@code stored}. */
    public OpenFile acquire(WriteTxn txn, Inode stored) {
        OpenFile f = byIno.computeIfAbsent(stored.ino(), k -> new OpenFile(stored));
        f.opens++;
        txn.onAbort(() -> release(txn, f));
        return f;
    }

    /** Closes one handle; returns true if it was the last (the file is no longer registered). */
    public boolean release(WriteTxn txn, OpenFile f) {
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
}
