package dcfs.vfs.meta;

import dcfs.vfs.inode.Inode;
import dcfs.vfs.store.StripeKey;

/** Removes an inode that has no links left and no open handles, with everything it owns. */
public final class Reclaim {
    private Reclaim() {
    }

    /**
     * Deletes the inode, its extended attributes and its stripe references; stored stripes become
     * garbage, deleted from the store once this transaction is durable.
     */
    public static void destroy(WriteTxn t, Inode i) {
        long ino = i.ino();
        Inodes.delete(t, ino);
        Xattrs.removeAll(t, ino);
        if (i.isRegular()) {
            while (true) {
                var batch = Stripes.list(t, ino, 0, 1024);
                if (batch.isEmpty()) {
                    break;
                }
                for (Stripes.Entry e : batch) {
                    if (e.ref() instanceof StripeRef.Stored st) {
                        Garbage.obsolete(t, new StripeKey(i.fileId(), e.stripe(), st.generation()));
                    }
                    Stripes.delete(t, ino, e.stripe());
                }
            }
        }
        Orphans.remove(t, ino);
    }
}
