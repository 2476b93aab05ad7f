package dcfs.vfs.upkeep;

import dcfs.proofs.merkle.MerkleTree;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.store.ShardStore;
import dcfs.replicanet.transport.RemoteException;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.Message;
import dcfs.shardcodec.DecodedStripe;
import dcfs.shardcodec.StripeDecoder;
import dcfs.shardcodec.StripeEncoder;
import dcfs.shardcodec.StripeUndecodableException;
import dcfs.replicanet.transport.Connector;
import dcfs.vfs.store.NetworkStripeStore;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Repairs one examined stripe (DESIGN.md, "Repair"): every copy that is missing or damaged where
 * placement wants it is written there — the bytes of an authentic copy of the same shard when one
 * exists (copies stay identical), else the shard re-sealed from the stripe decoded out of k
 * authentic shards ({@code StripeEncoder.encodeOnly}, same layout and recovery blob, fresh
 * nonces). A damaged copy is deleted first with the shard's deletion token (a node holds one set
 * of bytes per id). Once every placed copy of a shard is good, copies found elsewhere (a hand-off,
 * a moved placement) are deleted. Unreachable holders are left for a later pass.
 *
 * <p>One instance per worker thread (it keeps an encoder and a decoder).
 */
final class StripeMender {
    private final NetworkStripeStore store;
    private final ShardRoots roots;
    private final long timeoutMillis;
    private final StripeDecoder decoder = new StripeDecoder();
    private final StripeEncoder encoder = new StripeEncoder();

    /** What mending one stripe did. */
    record Outcome(int written, int deleted, int resealed, int extrasDeleted, boolean complete, String failure) {
    }

    StripeMender(NetworkStripeStore store, ShardRoots roots, long timeoutMillis) {
        this.store = store;
        this.roots = roots;
        this.timeoutMillis = timeoutMillis;
    }

    /** Mends what {@code ex} found wanting; a second call on a fresh examination finds nothing to do. */
    Outcome mend(Examination ex) {
        int width = ex.width();
        byte[][] source = ex.authentic.clone();
        int resealed = 0;
        BitSet missing = new BitSet();
        for (int i = 0; i < width; i++) {
            if (source[i] == null) {
                missing.set(i);
            }
        }
        if (!missing.isEmpty()) {
            if (ex.goodShards() < ex.k || ex.header == null) {
                return new Outcome(0, 0, 0, 0, false, "only " + ex.goodShards() + " of " + width
                        + " shards are good; " + ex.k + " are needed");
            }
            try {
                byte[][] fresh = reseal(ex, source, missing);
                for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
                    source[i] = fresh[i];
                    resealed++;
                }
            } catch (StripeUndecodableException | RuntimeException e) {
                return new Outcome(0, 0, 0, 0, false, "cannot decode the stripe: " + e.getMessage());
            }
        }
        ReplicaClient client = store.client();
        List<ShardId> ids = ex.names.ids();
        int written = 0;
        int deleted = 0;
        boolean complete = true;
        List<String> failures = new ArrayList<>();
        boolean[] placedGood = new boolean[width];
        Arrays.fill(placedGood, true);
        for (int c = 0; c < ex.copies(); c++) {
            for (int i = 0; i < width; i++) {
                CopyState st = ex.state[c][i];
                if (st == CopyState.OK) {
                    continue;
                }
                if (st != CopyState.MISSING && st != CopyState.DAMAGED) {
                    placedGood[i] = false;
                    complete = false;
                    continue;
                }
                MemberId node = ex.node[c][i];
                ShardId id = ids.get(i);
                byte[] token = ex.names.tokens().get(i);
                try {
                    if (st == CopyState.DAMAGED) {
                        client.deleteShard(node, id, token).get(timeoutMillis, TimeUnit.MILLISECONDS);
                        if (roots != null) {
                            roots.dropHolder(id, node);
                        }
                        deleted++;
                    }
                    put(node, id, token, source[i]);
                    if (roots != null) {
                        roots.learn(id, source[i].length, MerkleTree.build(source[i], Message.Audit.LEAF_SIZE).root(),
                                node);
                    }
                    written++;
                } catch (Exception e) {
                    placedGood[i] = false;
                    complete = false;
                    failures.add("shard " + i + " copy " + c + " on " + node.shortForm() + ": "
                            + Connector.rootMessage(e));
                }
            }
        }
        int extrasDeleted = 0;
        for (int i = 0; i < width; i++) {
            if (!placedGood[i] || ex.copies() == 0) {
                continue;
            }
            List<MemberId> extra = new ArrayList<>();
            for (Examination.Extra e : ex.extras) {
                if (e.index() == i && !extra.contains(e.node())) {
                    extra.add(e.node());
                }
            }
            for (MemberId m : extra) {
                try {
                    if (client.deleteShard(m, ids.get(i), ex.names.tokens().get(i)).get(timeoutMillis,
                            TimeUnit.MILLISECONDS)) {
                        extrasDeleted++;
                    }
                    if (roots != null) {
                        roots.dropHolder(ids.get(i), m);
                    }
                } catch (Exception e) {
                    // left where it is: garbage for a later pass, not a loss
                }
            }
        }
        return new Outcome(written, deleted, resealed, extrasDeleted, complete,
                failures.isEmpty() ? null : String.join("; ", failures));
    }

    /** A node keeps one set of bytes per id: a copy with other bytes there (CONFLICT) is replaced. */
    private void put(MemberId node, ShardId id, byte[] token, byte[] bytes) throws Exception {
        ReplicaClient client = store.client();
        byte[] tokenHash = ShardStore.sha256(token);
        try {
            client.putShard(node, id, tokenHash, bytes).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemoteException r && r.code() == ErrorCode.CONFLICT) {
                client.deleteShard(node, id, token).get(timeoutMillis, TimeUnit.MILLISECONDS);
                client.putShard(node, id, tokenHash, bytes).get(timeoutMillis, TimeUnit.MILLISECONDS);
            } else {
                throw e;
            }
        }
    }

    /** The missing shards, re-sealed from the stripe decoded out of the authentic ones, in their layout and blob. */
    private byte[][] reseal(Examination ex, byte[][] source, BitSet missing) throws StripeUndecodableException {
        DecodedStripe d = decoder.decode(ex.names.stripeKeys(), ex.names.address(), source);
        byte[] blob = null;
        for (byte[] s : source) {
            if (s != null) {
                try {
                    blob = decoder.openRecovery(ex.names.stripeKeys().recoveryKey(), s).recoveryBlob();
                    break;
                } catch (Exception e) {
                    // authenticated moments ago; try the next shard
                }
            }
        }
        if (blob == null) {
            throw new IllegalStateException("no shard of the stripe opens its recovery blob");
        }
        return encoder.encodeOnly(ex.names.stripeKeys(), ex.names.address(), ex.header.codecParams(), blob, d.data(),
                0, d.data().length, missing);
    }
}
