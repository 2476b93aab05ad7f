package dcfs.vfs.upkeep;

import dcfs.vfs.inode.Inode;
import dcfs.vfs.meta.Inodes;
import dcfs.vfs.meta.MetaKeys;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.meta.ReadView;
import dcfs.vfs.meta.StripeRef;
import dcfs.vfs.meta.Stripes;
import dcfs.vfs.meta.Table;
import dcfs.vfs.store.StripeKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What the filesystem stores on the nodes, from its metadata (docs/metadata.md, table
 * {@code stripes}): every {@code Stored} stripe reference of every regular file, with the file id
 * from its inode. Inline stripes live in the metadata and are not listed. Read from one snapshot;
 * a pass that acts on a stripe checks {@link #isCurrent} first, because the filesystem may have
 * rewritten (and deleted) it since.
 */
public final class StripeInventory {
    private StripeInventory() {
    }

    /** Every stored stripe, by inode then stripe number. */
    public static List<StoredStripe> read(MetaStore meta) {
        return meta.read(StripeInventory::read);
    }

    static List<StoredStripe> read(ReadView v) {
        List<StoredStripe> out = new ArrayList<>();
        long[] lastIno = {-1};
        Inode[] inode = {null};
        v.scan(Table.STRIPES, new byte[0], null, (k, val) -> {
            long ino = MetaKeys.readLong(k, 0);
            long stripe = MetaKeys.readLong(k, 8);
            if (ino != lastIno[0]) {
                lastIno[0] = ino;
                inode[0] = Inodes.load(v, ino);
            }
            if (inode[0] != null && inode[0].fileId() != null
                    && StripeRef.decode(val) instanceof StripeRef.Stored s) {
                out.add(new StoredStripe(ino, stripe, new StripeKey(inode[0].fileId(), stripe, s.generation())));
            }
            return true;
        });
        return out;
    }

    /** Whether the metadata still points at exactly this stored stripe (same file id and generation). */
    public static boolean isCurrent(MetaStore meta, StoredStripe s) {
        return meta.read(v -> {
            Inode i = Inodes.load(v, s.ino());
            StripeRef ref = Stripes.get(v, s.ino(), s.stripe());
            return i != null && s.key().fileId().equals(i.fileId()) && ref instanceof StripeRef.Stored st
                    && st.generation() == s.key().generation();
        });
    }
}
