package dcfs.vfs.upkeep;

import dcfs.proofs.merkle.MerkleTree;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.PendingCopy;
import dcfs.replicanet.client.StripeWrite;
import dcfs.replicanet.placement.StripePlacement;
import dcfs.replicanet.wire.Message;
import dcfs.vfs.store.NetworkStripeStore;
import dcfs.vfs.store.StripeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link ShardRoots} current as the store writes and deletes: for every stripe put, the
 * Merkle root of each shard (computed on the writer's thread once the stripe is durable: about
 * 4 ms of SHA-256 per 4 MiB stripe here) and, once every copy was tried, the nodes that took each
 * shard (placement's holders, less the copies that failed, plus the nodes copies were handed off
 * to). Records are written by one thread of its own, so the network threads never wait on LMDB.
 */
public final class RootKeeper implements NetworkStripeStore.ShardListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RootKeeper.class);

    private final ShardRoots roots;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("dcfs-roots").daemon(true).factory());

    public RootKeeper(ShardRoots roots) {
        this.roots = roots;
    }

    @Override
    public void stored(StripeKey key, List<ShardId> ids, byte[][] shards, StripeWrite write) {
        int n = ids.size();
        byte[][] r = new byte[n][];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = MerkleTree.build(shards[i], Message.Audit.LEAF_SIZE).root();
            lengths[i] = shards[i].length;
        }
        StripePlacement placement = write.placement();
        write.replicated().thenAccept(pending -> submit(() -> {
            for (int i = 0; i < n; i++) {
                roots.put(ids.get(i), lengths[i], r[i], holders(placement, pending, i));
            }
        }));
    }

    /** Who took shard {@code index}: the placed holders whose copy landed, and the handoff targets. */
    static List<MemberId> holders(StripePlacement placement, List<PendingCopy> pending, int index) {
        List<MemberId> out = new ArrayList<>();
        for (int c = 0; c < placement.copies().size(); c++) {
            MemberId m = placement.holder(c, index);
            boolean failed = false;
            for (PendingCopy p : pending) {
                if (p.index() == index && p.copy() == c) {
                    failed = true;
                    if (p.heldBy() != null) {
                        out.add(p.heldBy());
                    }
                }
            }
            if (m != null && !failed) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public void deleted(StripeKey key, List<ShardId> ids) {
        submit(() -> ids.forEach(roots::forget));
    }

    private void submit(Runnable r) {
        try {
            writer.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("recording shard roots: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("roots keeper closed; a record was dropped (scrub relearns it)");
        }
    }

    /** Writes what is queued, then stops. The roots table stays open (its owner closes it). */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
