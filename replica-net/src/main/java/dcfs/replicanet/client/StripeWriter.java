package dcfs.replicanet.client;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.placement.StripePlacement;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.wire.MemberState;
import dcfs.replicanet.wire.Message;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One stripe write: every copy's shards put in parallel; primary failures handed off to the next
 * rendezvous candidates so the stripe becomes durable anyway; everything not where placement wants
 * it recorded as a {@link PendingCopy}. State guarded by {@code this}.
 */
final class StripeWriter {
    private static final int HANDOFF_TRIES = 3;

    private final ReplicaClient client;
    private final ClusterView.Snapshot view;
    private final byte[] key;
    private final Shape shape;
    private final List<ShardId> ids;
    private final List<byte[]> shards;
    private final List<byte[]> tokenHashes;
    private final StripePlacement placement;
    private final CompletableFuture<Void> durable = new CompletableFuture<>();
    private final CompletableFuture<List<PendingCopy>> replicated = new CompletableFuture<>();
    private final List<PendingCopy> pending = new ArrayList<>();
    private final boolean[] primaryDone;
    private final Set<MemberId> usedForPrimary = new HashSet<>();
    private final Map<MemberId, Integer> primaryCount = new HashMap<>();
    private int primaryAcked;
    private int open;
    private boolean failed;

    StripeWriter(ReplicaClient client, ClusterView.Snapshot view, byte[] key, Shape shape, List<ShardId> ids,
            List<byte[]> shards, List<byte[]> tokenHashes) {
        this.client = client;
        this.view = view;
        this.key = key.clone();
        this.shape = shape;
        this.ids = List.copyOf(ids);
        this.shards = List.copyOf(shards);
        this.tokenHashes = List.copyOf(tokenHashes);
        this.placement = view.topology().place(key, shape);
        this.primaryDone = new boolean[shape.totalShards()];
    }

    StripeWrite start() {
        int width = shape.totalShards();
        synchronized (this) {
            open = 1; // held until every put is issued, so replicated cannot complete early
            for (int i = 0; i < width; i++) {
                MemberId m = placement.holder(0, i);
                if (m != null) {
                    usedForPrimary.add(m);
                    primaryCount.merge(m, 1, Integer::sum);
                }
            }
        }
        for (int c = 0; c < shape.replicas(); c++) {
            for (int i = 0; i < width; i++) {
                MemberId m = placement.holder(c, i);
                if (m == null) {
                    if (c == 0) {
                        handoff(i, null, "placement had no node for it", 0);
                    } else {
                        record(i, c, null, null, "placement had no node for it ("
                                + placement.reason() + ")");
                    }
                } else if (view.state(m) == MemberState.DOWN) {
                    if (c == 0) {
                        handoff(i, m, "node " + m.shortForm() + " is down", 0);
                    } else {
                        record(i, c, m, null, "node " + m.shortForm() + " is down");
                    }
                } else {
                    put(c, i, m);
                }
            }
        }
        finishOne();
        return new StripeWrite(placement, durable, replicated);
    }

    private void put(int copy, int index, MemberId m) {
        synchronized (this) {
            open++;
        }
        send(m, index).whenComplete((ok, e) -> {
            if (e == null) {
                if (copy == 0) {
                    primaryAck(index);
                }
            } else if (copy == 0) {
                handoff(index, m, Connector.rootMessage(e), 0);
            } else {
                record(index, copy, m, null, Connector.rootMessage(e));
            }
            finishOne();
        });
    }

    private CompletableFuture<Boolean> send(MemberId m, int index) {
        var ep = view.endpoint(m);
        if (ep == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("node " + m.shortForm() + " unknown"));
        }
        return client.connector().get(ep, m)
                .thenCompose(c -> c.send(new Message.PutShard(0, ids.get(index), tokenHashes.get(index),
                        Unpooled.wrappedBuffer(shards.get(index))), client.requestTimeoutMillis()))
                .thenApply(r -> ((Message.Stored) r).alreadyStored())
                .exceptionallyCompose(StripeWriter::earlierWriteOfTheSameShard);
    }

    /**
     * A node that refuses a put with CONFLICT already holds other bytes under this shard id. Shard
     * ids name immutable content (a file's stripe, generation and index: writers never reuse them for
     * other data), so those bytes are an earlier encoding of the same shard — a retried write whose
     * first attempt landed — which authenticates on its own: the shard is stored.
     */
    private static CompletableFuture<Boolean> earlierWriteOfTheSameShard(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dcfs.replicanet.transport.RemoteException r && r.code() == dcfs.replicanet.wire.ErrorCode.CONFLICT) {
                return CompletableFuture.completedFuture(true);
            }
        }
        return CompletableFuture.failedFuture(e);
    }

    /** The primary copy of {@code index} failed on {@code failedOn}: store it on the next candidate. */
    private void handoff(int index, MemberId failedOn, String reason, int tries) {
        MemberId target = null;
        synchronized (this) {
            if (failed) {
                return;
            }
            if (tries < HANDOFF_TRIES) {
                target = pickHandoff(failedOn);
            }
            if (target == null) {
                failed = true;
                durable.completeExceptionally(new WriteFailedException("shard " + index + " ("
                        + ids.get(index).shortForm() + ") of stripe could not be stored: " + reason
                        + "; no other live node would take it"));
                record(index, 0, failedOn, null, reason);
                return;
            }
            usedForPrimary.add(target);
            primaryCount.merge(target, 1, Integer::sum);
            open++;
        }
        MemberId t = target;
        send(t, index).whenComplete((ok, e) -> {
            if (e == null) {
                record(index, 0, failedOn, t, "handed off: " + reason);
                client.hints().remember(ids.get(index), t);
                primaryAck(index);
            } else {
                handoff(index, failedOn, reason + "; then " + t.shortForm() + ": " + Connector.rootMessage(e),
                        tries + 1);
            }
            finishOne();
        });
    }

    /** A live candidate that holds no shard of this stripe yet, else one holding fewer than k-1. Caller holds the lock. */
    private MemberId pickHandoff(MemberId failedOn) {
        List<MemberId> candidates = view.topology().candidates(key);
        for (MemberId c : candidates) {
            if (view.state(c) == MemberState.UP && !c.equals(failedOn) && !usedForPrimary.contains(c)) {
                return c;
            }
        }
        int cap = Math.max(1, shape.dataShards() - 1);
        for (MemberId c : candidates) {
            if (view.state(c) == MemberState.UP && !c.equals(failedOn) && primaryCount.getOrDefault(c, 0) < cap) {
                return c;
            }
        }
        return null;
    }

    private void primaryAck(int index) {
        boolean complete;
        synchronized (this) {
            if (primaryDone[index]) {
                return;
            }
            primaryDone[index] = true;
            primaryAcked++;
            complete = primaryAcked == shape.totalShards() && !failed;
        }
        if (complete) {
            durable.complete(null);
        }
    }

    private void record(int index, int copy, MemberId placedOn, MemberId heldBy, String reason) {
        PendingCopy p = new PendingCopy(key, ids.get(index), index, copy, placedOn, heldBy, reason, Instant.now());
        synchronized (this) {
            pending.add(p);
        }
        client.addPending(p);
    }

    private void finishOne() {
        List<PendingCopy> result = null;
        synchronized (this) {
            open--;
            if (open == 0) {
                result = List.copyOf(pending);
            }
        }
        if (result != null) {
            if (!durable.isDone()) {
                durable.completeExceptionally(new WriteFailedException("stripe write ended without every shard stored"));
            }
            replicated.complete(result);
        }
    }
}
