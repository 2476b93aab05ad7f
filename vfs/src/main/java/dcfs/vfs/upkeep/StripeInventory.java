package dcfs.vfs.upkeep;

import dcfs.replicanet.ShardId;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.meta.Inodes;
import dcfs.vfs.meta.MetaKeys;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.meta.ReadView;
import dcfs.vfs.meta.StripeRef;
import dcfs.vfs.meta.Table;
import dcfs.vfs.store.NetworkStripeStore;
import dcfs.vfs.store.StripeKey;
import dcfs.vfs.sync.ObjectRef;
import dcfs.vfs.sync.Superblock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the filesystem stores on the nodes: every {@code Stored} stripe reference of every regular
 * file in its metadata (docs/metadata.md, table {@code stripes}), with the file id from its inode,
 * and every stripe of the metadata objects its superblock lists (checkpoint, journal). Inline
 * stripes and the superblock's inline tail live in the metadata and the superblock record, not in
 * shards, and are not listed.
 */
public final class StripeInventory {
    private StripeInventory() {
    }

    /** The file stripes, by inode then stripe number, from one snapshot of {@code meta}. */
    public static List<StoredStripe> files(MetaStore meta) {
        return meta.read(StripeInventory::files);
    }

    static List<StoredStripe> files(ReadView v) {
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

    /** The stripes of the metadata objects {@code sb} points at: its checkpoint, then its journal objects. */
    public static List<StoredStripe> metadata(Superblock sb) {
        List<ObjectRef> objects = new ArrayList<>();
        if (sb.checkpoint() != null) {
            objects.add(sb.checkpoint());
        }
        objects.addAll(sb.journal());
        List<StoredStripe> out = new ArrayList<>();
        int stripeSize = sb.shape().stripeSize();
        for (ObjectRef o : objects) {
            for (long n = 0; n < o.stripes(stripeSize); n++) {
                out.add(new StoredStripe(StoredStripe.METADATA, n, o.stripe(n)));
            }
        }
        return out;
    }

    /** The shard ids of every stripe listed, as {@code store} names them. */
    public static Set<ShardId> shardIds(List<StoredStripe> stripes, NetworkStripeStore store) {
        Set<ShardId> out = new HashSet<>();
        for (StoredStripe s : stripes) {
            out.addAll(store.named(s.key()).ids());
        }
        return out;
    }
}
