package dcfs.vfs.upkeep;

import dcfs.proofs.merkle.MerkleTree;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.placement.StripePlacement;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.transport.RemoteException;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.MemberState;
import dcfs.replicanet.wire.Message;
import dcfs.shardcodec.OpenedShard;
import dcfs.shardcodec.RejectedShard;
import dcfs.shardcodec.ShardVerdict;
import dcfs.shardcodec.StripeDecoder;
import dcfs.vfs.store.NetworkStripeStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Looks at one stripe's copies where placement wants them — cheaply ({@link #presence}: one
 * {@code HAS_SHARD} per copy) or thoroughly ({@link #read}: every copy read whole and
 * authenticated with the file key, as {@code StripeDecoder.authenticate} checks a shard on its own).
 * A shard with no good copy at its placed holders is looked for among the stripe's next rendezvous
 * candidates (placement moves when nodes come and go; readers find such copies the same way).
 *
 * <p>One instance per worker thread (it keeps a decoder).
 */
final class StripeExaminer {
    /** Rendezvous candidates asked for a shard found at none of its placed holders. */
    private static final int SEARCH_WIDTH = 12;

    private final NetworkStripeStore store;
    private final ShardRoots roots;
    private final long timeoutMillis;
    private final StripeDecoder decoder = new StripeDecoder();

    StripeExaminer(NetworkStripeStore store, ShardRoots roots, long timeoutMillis) {
        this.store = store;
        this.roots = roots;
        this.timeoutMillis = timeoutMillis;
    }

    private Examination start(StoredStripe s) {
        NetworkStripeStore.Named names = store.named(s.key());
        Shape shape = store.shape();
        StripePlacement p = store.client().placement(names.address().stripeTag(), shape);
        Examination ex = new Examination(s, names, p, shape.dataShards(), shape.replicas(), shape.totalShards());
        for (int c = 0; c < shape.replicas(); c++) {
            for (int i = 0; i < shape.totalShards(); i++) {
                ex.node[c][i] = p.holder(c, i);
                if (ex.node[c][i] == null) {
                    ex.state[c][i] = CopyState.UNPLACED;
                } else if (store.client().view().state(ex.node[c][i]) == MemberState.DOWN) {
                    ex.state[c][i] = CopyState.UNREACHABLE;
                    ex.detail[c][i] = "down";
                }
            }
        }
        return ex;
    }

    /** Presence of every copy (HAS_SHARD), lengths compared with the recorded (or the usual) length. */
    Examination presence(StoredStripe s) {
        Examination ex = start(s);
        ReplicaClient client = store.client();
        List<ShardId> ids = ex.names.ids();
        @SuppressWarnings("unchecked")
        CompletableFuture<Integer>[][] f = new CompletableFuture[ex.copies()][ex.width()];
        for (int c = 0; c < ex.copies(); c++) {
            for (int i = 0; i < ex.width(); i++) {
                if (ex.state[c][i] == null) {
                    f[c][i] = client.shardLength(ex.node[c][i], ids.get(i));
                }
            }
        }
        Map<Integer, Integer> lengthVotes = new HashMap<>();
        int[][] length = new int[ex.copies()][ex.width()];
        for (int c = 0; c < ex.copies(); c++) {
            for (int i = 0; i < ex.width(); i++) {
                if (f[c][i] == null) {
                    continue;
                }
                try {
                    length[c][i] = f[c][i].get(timeoutMillis, TimeUnit.MILLISECONDS);
                    if (length[c][i] < 0) {
                        ex.state[c][i] = CopyState.MISSING;
                    } else {
                        lengthVotes.merge(length[c][i], 1, Integer::sum);
                    }
                } catch (Exception e) {
                    ex.state[c][i] = CopyState.UNREACHABLE;
                    ex.detail[c][i] = Connector.rootMessage(e);
                }
            }
        }
        // Every shard of a stripe has the same length; the roots table says which, else the majority.
        int usual = lengthVotes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
        for (int c = 0; c < ex.copies(); c++) {
            for (int i = 0; i < ex.width(); i++) {
                if (ex.state[c][i] != null) {
                    continue;
                }
                ShardRoots.Entry rec = roots == null ? null : roots.get(ids.get(i));
                int expected = rec != null ? rec.length() : usual;
                if (length[c][i] == expected) {
                    ex.state[c][i] = CopyState.OK;
                    ex.good[i] = true;
                } else {
                    ex.state[c][i] = CopyState.DAMAGED;
                    ex.detail[c][i] = length[c][i] + " bytes, expected " + expected;
                }
            }
        }
        for (int i = 0; i < ex.width(); i++) {
            if (!ex.good[i]) {
                search(ex, i, false);
            }
        }
        return ex;
    }

    /** Every copy read whole and authenticated; authentic roots and holders are learned into the roots table. */
    Examination read(StoredStripe s) {
        Examination ex = start(s);
        ReplicaClient client = store.client();
        List<ShardId> ids = ex.names.ids();
        @SuppressWarnings("unchecked")
        CompletableFuture<byte[]>[][] f = new CompletableFuture[ex.copies()][ex.width()];
        for (int c = 0; c < ex.copies(); c++) {
            for (int i = 0; i < ex.width(); i++) {
                if (ex.state[c][i] == null) {
                    f[c][i] = client.getShard(ex.node[c][i], ids.get(i), 0, Message.GetShard.TO_END);
                }
            }
        }
        for (int c = 0; c < ex.copies(); c++) {
            for (int i = 0; i < ex.width(); i++) {
                if (f[c][i] == null) {
                    continue;
                }
                byte[] bytes;
                try {
                    bytes = f[c][i].get(timeoutMillis, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    if (isNotFound(e)) {
                        ex.state[c][i] = CopyState.MISSING;
                    } else {
                        ex.state[c][i] = CopyState.UNREACHABLE;
                        ex.detail[c][i] = Connector.rootMessage(e);
                    }
                    continue;
                }
                ex.bytesRead += bytes.length;
                String bad = authenticate(ex, i, bytes, ex.node[c][i]);
                if (bad == null) {
                    ex.state[c][i] = CopyState.OK;
                } else {
                    ex.state[c][i] = CopyState.DAMAGED;
                    ex.detail[c][i] = bad;
                }
            }
        }
        for (int i = 0; i < ex.width(); i++) {
            if (!ex.good[i]) {
                search(ex, i, true);
            }
        }
        return ex;
    }

    /** Null if {@code bytes} are an authentic shard {@code index} of the stripe (kept, root learned), else why not. */
    private String authenticate(Examination ex, int index, byte[] bytes, MemberId holder) {
        ShardVerdict v = decoder.authenticate(ex.names.stripeKeys(), ex.names.address(), index, bytes);
        if (v instanceof RejectedShard r) {
            return r.reason().describe();
        }
        ex.good[index] = true;
        if (ex.authentic[index] == null) {
            ex.authentic[index] = bytes;
        }
        if (ex.header == null) {
            ex.header = ((OpenedShard) v).header();
        }
        if (roots != null) {
            roots.learn(ex.names.ids().get(index), bytes.length,
                    MerkleTree.build(bytes, Message.Audit.LEAF_SIZE).root(), holder);
        }
        return null;
    }

    /** Looks for shard {@code index} on the stripe's next rendezvous candidates (a moved placement, a hand-off). */
    private void search(Examination ex, int index, boolean readIt) {
        ReplicaClient client = store.client();
        ShardId id = ex.names.ids().get(index);
        List<MemberId> candidates = client.view().topology().candidates(ex.names.address().stripeTag());
        int asked = 0;
        for (MemberId m : candidates) {
            if (asked >= SEARCH_WIDTH) {
                break;
            }
            if (ex.placement.holders(index).contains(m) || client.view().state(m) == MemberState.DOWN) {
                continue;
            }
            asked++;
            try {
                if (client.shardLength(m, id).get(timeoutMillis, TimeUnit.MILLISECONDS) < 0) {
                    continue;
                }
                if (!readIt) {
                    ex.good[index] = true;
                    ex.extras.add(new Examination.Extra(index, m, null));
                    return;
                }
                byte[] bytes = client.getShard(m, id, 0, Message.GetShard.TO_END).get(timeoutMillis, TimeUnit.MILLISECONDS);
                ex.bytesRead += bytes.length;
                if (authenticate(ex, index, bytes, m) == null) {
                    ex.extras.add(new Examination.Extra(index, m, bytes));
                    return;
                }
            } catch (Exception e) {
                // that candidate cannot tell; ask the next
            }
        }
    }

    static boolean isNotFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RemoteException r && r.code() == ErrorCode.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }
}
