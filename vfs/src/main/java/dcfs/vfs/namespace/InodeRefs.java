package dcfs.vfs.namespace;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many lookups of each inode the kernel holds (FUSE low-level API: every entry reply is one,
 * forget gives them back). While the kernel holds an inode, removing its last name makes it an
 * orphan instead of deleting it: an open() already on its way, or a stat through a cached dentry,
 * still reaches it — as with a local filesystem. Not persisted: after a remount the kernel holds
 * nothing, and recovery deletes leftover orphans.
 */
public final class InodeRefs {
    private final ConcurrentHashMap<Long, Long> lookups = new ConcurrentHashMap<>();

    public void add(long ino) {
        lookups.merge(ino, 1L, Long::sum);
    }

    /** Gives back {@code n} lookups; returns true if the kernel holds none any more. */
    public boolean forget(long ino, long n) {
        Long left = lookups.computeIfPresent(ino, (k, v) -> v - n <= 0 ? null : v - n);
        return left == null;
    }

    public boolean held(long ino) {
        return lookups.containsKey(ino);
    }

    public int size() {
        return lookups.size();
    }
}
