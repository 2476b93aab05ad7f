package dcfs.replicanet.client;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.placement.StripePlacement;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.wire.MemberState;
import dcfs.replicanet.wire.Message;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One stripe read (DESIGN.md, "reads ask ... decode from the first k that authenticate, cancel the
 * rest"). Each shard index has a queue of holders to try: its placed holders, live ones first.
 * The first requests go out by {@link ReadPolicy}; after the hedge delay every index still missing
 * is asked of its next holder; an error, a timeout or a failed authentication moves that index to
 * its next holder at once. With k authentic shards the read completes and cancels the rest. If the
 * holders run out first, the read asks the next rendezvous candidates (placement may have changed
 * since the write) once, then fails naming what it tried.
 *
 * <p>State guarded by {@code this}; callbacks arrive on network threads.
 */
final class StripeReader {
    private final ReplicaClient client;
    private final ClusterView.Snapshot view;
    private final byte[] key;
    private final Shape shape;
    private final List<ShardId> ids;
    private final int offset;
    private final int length;
    private final ShardAuthenticator auth;
    private final int width;
    private final byte[][] got;
    private final boolean[] ok;
    private final int[] outstanding;
    private final List<ArrayDeque<MemberId>> holders = new ArrayList<>();
    private final List<Set<MemberId>> tried = new ArrayList<>();
    private final List<CompletableFuture<Message.Response>> inflight = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    /** Holders that answered "no such shard", as opposed to failing or timing out. */
    private int notFoundAnswers;
    /** Whether the last-resort ask of every member has run. */
    private boolean exhaustive;
    private int otherFailures;
    private final CompletableFuture<StripeShards> result = new CompletableFuture<>();
    private int good;
    private int shardLength = -1;
    private boolean searched;
    private boolean hedged;
    private StripePlacement placement;

    StripeReader(ReplicaClient client, ClusterView.Snapshot view, byte[] key, Shape shape, List<ShardId> ids,
            int offset, int length, ShardAuthenticator auth) {
        this.client = client;
        this.view = view;
        this.key = key.clone();
        this.shape = shape;
        this.ids = List.copyOf(ids);
        this.offset = offset;
        this.length = length;
        this.auth = auth;
        this.width = shape.totalShards();
        this.got = new byte[width][];
        this.ok = new boolean[width];
        this.outstanding = new int[width];
    }

    CompletableFuture<StripeShards> start() {
        placement = view.topology().place(key, shape);
        for (int i = 0; i < width; i++) {
            ArrayDeque<MemberId> q = new ArrayDeque<>();
            List<MemberId> h = placement.holders(i);
            MemberId hint = client.hints().get(ids.get(i));
            if (hint != null && !h.contains(hint) && view.state(hint) != MemberState.DOWN) {
                q.add(hint);
            }
            // Up first, then suspect, then down (they may be back before the view says so).
            for (MemberState s : MemberState.values()) {
                for (MemberId m : h) {
                    if (view.state(m) == s) {
                        q.add(m);
                    }
                }
            }
            holders.add(q);
            tried.add(new HashSet<>());
        }
        synchronized (this) {
            int first = client.readPolicy() == ReadPolicy.ALL_SHARDS ? width : shape.dataShards();
            for (int i = 0; i < first; i++) {
                askNext(i);
            }
            checkStuck();
        }
        long hedge = client.hedgeDelayNanos();
        client.scheduler().schedule(this::hedge, hedge, TimeUnit.NANOSECONDS);
        return result;
    }

    /** Asks the next holder of {@code index}; false if there is none. Caller holds the lock. */
    private boolean askNext(int index) {
        MemberId m;
        while ((m = holders.get(index).poll()) != null) {
            if (tried.get(index).add(m)) {
                break;
            }
        }
        if (m == null) {
            return false;
        }
        var ep = view.endpoint(m);
        if (ep == null) {
            return askNext(index);
        }
        outstanding[index]++;
        MemberId node = m;
        long start = System.nanoTime();
        client.connector().get(ep, m).whenComplete((c, ce) -> {
            if (ce != null) {
                arrived(index, node, null, ce, 0);
                return;
            }
            CompletableFuture<Message.Response> f = c.send(new Message.GetShard(0, ids.get(index), offset, length),
                    client.requestTimeoutMillis());
            synchronized (this) {
                // Kept so that cancelRest reaches the connection's own future, which sends CANCEL to the node.
                inflight.add(f);
            }
            if (result.isDone()) {
                f.cancel(false);
            }
            f.whenComplete((r, e) -> arrived(index, node, r, e, System.nanoTime() - start));
        });
        return true;
    }

    private void hedge() {
        synchronized (this) {
            if (result.isDone()) {
                return;
            }
            hedged = true;
            for (int i = 0; i < width; i++) {
                if (!ok[i] && (outstanding[i] == 0 || client.readPolicy() == ReadPolicy.ALL_SHARDS
                        || i < shape.dataShards())) {
                    askNext(i);
                }
            }
            checkStuck();
        }
    }

    private void arrived(int index, MemberId node, Message.Response r, Throwable e, long nanos) {
        byte[] bytes = null;
        int total = -1;
        if (e == null && r instanceof Message.ShardData d) {
            ByteBuf data = d.data();
            // Connection hands over an unpooled heap copy: take its array when it is exactly the bytes.
            if (data.hasArray() && data.arrayOffset() == 0 && data.readerIndex() == 0
                    && data.array().length == data.readableBytes()) {
                bytes = data.array();
            } else {
                bytes = new byte[data.readableBytes()];
                data.getBytes(data.readerIndex(), bytes);
            }
            data.release();
            total = d.shardLength();
            client.recordReadLatency(nanos);
        }
        boolean authentic = false;
        if (bytes != null && !result.isDone()) {
            try {
                authentic = auth.authenticate(index, offset, bytes, total);
            } catch (RuntimeException ex) {
                authentic = false;
            }
        }
        StripeShards done = null;
        boolean kept = false;
        synchronized (this) {
            outstanding[index]--;
            if (result.isDone()) {
                giveBack(bytes);
                return;
            }
            if (bytes != null && authentic) {
                if (searched && !placed(index, node)) {
                    client.hints().remember(ids.get(index), node);
                }
                if (!ok[index]) {
                    ok[index] = true;
                    got[index] = bytes;
                    kept = true;
                    shardLength = total;
                    good++;
                }
            } else if (bytes != null) {
                rejected.add(index + "@" + node.shortForm());
                askNext(index);
            } else {
                if (isNotFound(e)) {
                    notFoundAnswers++;
                } else {
                    otherFailures++;
                }
                if (errors.size() < 32) {
                    errors.add("shard " + index + " from " + node.shortForm() + ": "
                            + (e == null ? "unexpected " + r.type() : Connector.rootMessage(e)));
                }
                askNext(index);
            }
            if (good >= shape.dataShards()) {
                done = new StripeShards(got.clone(), ok.clone(), offset, shardLength, List.copyOf(rejected));
            } else {
                checkStuck();
            }
        }
        if (!kept) {
            giveBack(bytes);
        }
        if (done != null && result.complete(done)) {
            cancelRest();
        }
    }

    /**
     * Hands a shard array no result holds back to the client's pool: a hedge's late answer, a
     * duplicate, a rejected shard. Without this every hedged stripe left one shard-sized array to the
     * collector, a humongous allocation for the next read.
     */
    private void giveBack(byte[] bytes) {
        if (bytes != null) {
            client.shardArrays().giveBack(bytes);
        }
    }

    private boolean placed(int index, MemberId node) {
        return placement.holders(index).contains(node);
    }

    /** With nothing in flight and fewer than k shards, asks more indexes, then candidates, then gives up. */
    private void checkStuck() {
        if (result.isDone()) {
            return;
        }
        for (int n : outstanding) {
            if (n > 0) {
                return;
            }
        }
        boolean asked = false;
        for (int i = 0; i < width; i++) {
            if (!ok[i]) {
                asked |= askNext(i);
            }
        }
        if (asked) {
            return;
        }
        if (!searched) {
            searched = true;
            // Placement may have moved since the write: ask the best candidates for the key, live
            // ones first, then those the view thinks down (a stale view must not hide shards).
            List<MemberId> candidates = view.topology().candidates(key);
            candidates = candidates.subList(0, Math.min(candidates.size(), 4 * width));
            for (int i = 0; i < width; i++) {
                if (ok[i]) {
                    continue;
                }
                for (boolean live : new boolean[] {true, false}) {
                    for (MemberId c : candidates) {
                        if (!tried.get(i).contains(c) && (view.state(c) != MemberState.DOWN) == live) {
                            holders.get(i).add(c);
                        }
                    }
                }
                asked |= askNext(i);
            }
            if (asked) {
                return;
            }
        }
        if (!exhaustive) {
            // Last resort before giving up: every member not yet asked for a missing index. The
            // bounded search above can end early when answers interleave with a view refresh (seen
            // as a rare failure after placement moved); a read must not fail while a member that
            // may hold the shard was never asked.
            exhaustive = true;
            for (int i = 0; i < width; i++) {
                if (ok[i]) {
                    continue;
                }
                for (MemberId c : view.topology().candidates(key)) {
                    if (!tried.get(i).contains(c)) {
                        holders.get(i).add(c);
                    }
                }
                asked |= askNext(i);
            }
            if (asked) {
                return;
            }
        }
        StringBuilder triedText = new StringBuilder();
        for (int i = 0; i < width; i++) {
            triedText.append(i == 0 ? "" : ", ").append(i).append(ok[i] ? " ok" : " tried ").append(ok[i] ? ""
                    : tried.get(i).stream().map(MemberId::shortForm).map(x -> x.substring(0, 6)).toList());
        }
        result.completeExceptionally(new NotEnoughShardsException(notFoundAnswers, otherFailures, rejected.size(),
                "only " + good + " of the " + shape.dataShards()
                + " shards needed could be read from " + view.topology().size() + " members (hedged: " + hedged
                + ", searched: " + searched + "; " + triedText + "); " + String.join("; ", errors)
                + (rejected.isEmpty() ? "" : "; failed authentication: " + rejected)));
    }

    private static boolean isNotFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dcfs.replicanet.transport.RemoteException r
                    && r.code() == dcfs.replicanet.wire.ErrorCode.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }

    private void cancelRest() {
        List<CompletableFuture<Message.Response>> all;
        synchronized (this) {
            all = new ArrayList<>(inflight);
        }
        for (CompletableFuture<Message.Response> f : all) {
            if (!f.isDone()) {
                f.cancel(false);
            }
        }
    }
}
