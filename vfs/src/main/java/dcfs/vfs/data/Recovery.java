package dcfs.vfs.data;

import dcfs.vfs.FsException;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.meta.Inodes;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.meta.Orphans;
import dcfs.vfs.meta.Reclaim;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tidies up after a mount that ended without closing its files (killed, crashed): files unlinked
 * while open are deleted, and stripes that were being written or were already unreferenced go.
 * Runs before the filesystem serves anything.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {
    }

    /** What recovery did. */
    public record Report(int orphansDeleted, int stripesDeleted) {
    }

    public static Report run(MetaStore meta, GarbageCollector gc) throws FsException {
        List<Long> orphans = meta.read(Orphans::list);
        for (long ino : orphans) {
            meta.write(t -> {
                Inode i = Inodes.load(t, ino);
                if (i == null) {
                    Orphans.remove(t, ino);
                } else {
                    Reclaim.destroy(t, i);
                }
                return null;
            });
        }
        meta.sync();
        int stripes = gc.collectAll();
        if (!orphans.isEmpty() || stripes > 0) {
            LOG.info("recovery: deleted {} unlinked-while-open file(s) and {} unreferenced stripe(s)", orphans.size(),
                    stripes);
        }
        return new Report(orphans.size(), stripes);
    }
}
