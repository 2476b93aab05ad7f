package dcfs.vfs.data;

import dcfs.vfs.FsException;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.Time;
import dcfs.vfs.meta.Inodes;
import dcfs.vfs.meta.MetaStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access times of closed files not yet stored: a read-only open and close would otherwise cost a
 * metadata commit just for atime. They are stored in batches by the flusher (and at unmount),
 * as Linux's {@code lazytime}; getattr shows them meanwhile. A crash loses at most the last
 * batch of access times, never anything else.
 */
public final class LazyAtimes {
    private final Map<Long, Time> pending = new ConcurrentHashMap<>();

    void defer(long ino, Time atime) {
        pending.merge(ino, atime, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** {@code i} with its pending access time, if any. */
    public Inode overlay(Inode i) {
        if (i == null || pending.isEmpty()) {
            return i;
        }
        Time a = pending.get(i.ino());
        return a == null ? i : i.withTimes(a, i.mtime(), i.ctime());
    }

    /**
     * Removes the pending access time of {@code ino} and returns {@code i} with it folded in:
     * for whoever is about to store or take over the inode's attributes.
     */
    public Inode take(Inode i) {
        if (i == null || pending.isEmpty()) {
            return i;
        }
        Time a = pending.remove(i.ino());
        return a == null ? i : i.withTimes(a, i.mtime(), i.ctime());
    }

    /** Stores every pending access time, in one transaction. */
    public void commit(MetaStore meta) throws FsException {
        if (pending.isEmpty()) {
            return;
        }
        Map<Long, Time> batch = Map.copyOf(pending);
        meta.write(t -> {
            for (var e : batch.entrySet()) {
                Inode i = Inodes.load(t, e.getKey());
                if (i != null && i.atime().compareTo(e.getValue()) < 0) {
                    Inodes.put(t, i.withTimes(e.getValue(), i.mtime(), i.ctime()));
                }
            }
            return null;
        });
        batch.forEach(pending::remove);
    }
}
