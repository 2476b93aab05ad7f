package dcfs.vfs.data;

import dcfs.vfs.FsException;
import dcfs.vfs.meta.Durability;
import dcfs.vfs.meta.Garbage;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StripeStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes stripes the metadata no longer points at (see {@link Garbage}): obsolete ones once the
 * transaction that dropped them is durable, and at mount time everything left over from before.
 * "Durable" is the {@link Durability}'s word: over the network, the superblock that stops pointing
 * at a stripe must be on the nodes before the stripe goes, or metadata rebuilt from the nodes could
 * point at a deleted stripe.
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final int BATCH = 512;

    private final MetaStore meta;
    private final Durability durability;
    private final StripeStore store;

    public GarbageCollector(MetaStore meta, Durability durability, StripeStore store) {
        this.meta = meta;
        this.durability = durability;
        this.store = store;
    }

    /** How far transactions are durable, as the collector judges deletions. */
    public long durableSeq() {
        return durability.durableSeq();
    }

    /** Deletes obsolete stripes whose dropping transaction is durable; returns how many. */
    public int collectDurable() throws FsException {
        return collect(false);
    }

    /**
     * At mount, before anything runs: every entry is deletable, intents included (a put that was
     * under way when the previous mount ended never became reachable).
     */
    public int collectAll() throws FsException {
        return collect(true);
    }

    private int collect(boolean all) throws FsException {
        int total = 0;
        byte[] after = null;
        while (true) {
            long durable = durability.durableSeq();
            List<Garbage.Entry> batch = meta.read(v -> Garbage.list(v, BATCH));
            List<Garbage.Entry> done = new ArrayList<>();
            for (Garbage.Entry e : batch) {
                boolean due = all || (e.state() == Garbage.State.OBSOLETE && e.seq() <= durable);
                if (!due) {
                    continue;
                }
                try {
                    store.delete(e.key());
                    done.add(e);
                } catch (StoreException ex) {
                    LOG.warn("cannot delete unreferenced stripe {} yet: {}", e.key(), ex.getMessage());
                }
            }
            if (!done.isEmpty()) {
                meta.write(t -> {
                    for (Garbage.Entry e : done) {
                        Garbage.remove(t, e.key());
                    }
                    return null;
                });
                total += done.size();
            }
            if (batch.size() < BATCH || done.isEmpty()) {
                return total;
            }
        }
    }
}
