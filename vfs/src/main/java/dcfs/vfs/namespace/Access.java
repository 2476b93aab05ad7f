package dcfs.vfs.namespace;

import dcfs.vfs.Caller;
import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import dcfs.vfs.inode.Inode;

/**
 * Permission rules, as Linux applies them for a filesystem without ACLs. The kernel checks most
 * of these itself under {@code default_permissions}; vfs checks them again so that it is correct
 * on its own (tests, and callers other than FUSE).
 */
public final class Access {
    public static final int R = 4;
    public static final int W = 2;
    public static final int X = 1;

    private Access() {
    }

    /** Whether {@code c} may {@code mask} (R/W/X bits) the inode. */
    public static boolean allowed(Caller c, Inode i, int mask) {
        if (c.isRoot()) {
            // root may read and write anything; execute needs some x bit unless it is a directory
            return (mask & X) == 0 || i.isDirectory() || (i.perm() & 0111) != 0;
        }
        int bits;
        if (c.uid() == i.uid()) {
            bits = (i.perm() >> 6) & 7;
        } else if (c.inGroup(i.gid())) {
            bits = (i.perm() >> 3) & 7;
        } else {
            bits = i.perm() & 7;
        }
        return (bits & mask) == mask;
    }

    public static void require(Caller c, Inode i, int mask, String what) throws FsException {
        if (!allowed(c, i, mask)) {
            throw new FsException(Errno.EACCES, what);
        }
    }

    public static boolean ownerOrRoot(Caller c, Inode i) {
        return c.isRoot() || c.uid() == i.uid();
    }

    /**
     * In a sticky directory only the owner of an entry, the owner of the directory, or root may
     * remove or rename the entry (EPERM otherwise, as Linux).
     */
    public static void checkSticky(Caller c, Inode dir, Inode victim) throws FsException {
        if ((dir.perm() & Inode.S_ISVTX) != 0 && !c.isRoot() && c.uid() != victim.uid() && c.uid() != dir.uid()) {
            throw new FsException(Errno.EPERM, "sticky directory: not the owner of the entry or the directory");
        }
    }
}
