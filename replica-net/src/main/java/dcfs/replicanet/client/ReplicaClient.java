package dcfs.replicanet.client;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.placement.StripePlacement;
import dcfs.replicanet.record.RecordCrypto;
import dcfs.replicanet.record.SignedRecord;
import dcfs.replicanet.store.ShardStore;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.transport.NodeUnavailableException;
import dcfs.replicanet.transport.Transport;
import dcfs.replicanet.wire.MemberInfo;
import dcfs.replicanet.wire.MemberState;
import dcfs.replicanet.wire.Message;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The replica network as the filesystem sees it: write a stripe's shards, read them back from
 * whichever holders answer first, delete them, and keep signed records (superblocks).
 *
 * <p>Placement is computed here from the stripe's placement key and the membership
 * ({@link dcfs.replicanet.placement.Topology}); nothing is looked up in a central map. All calls
 * are asynchronous and never block the caller; requests are multiplexed over one TLS connection
 * per node; callbacks run on the client's network threads.
 *
 * <p>Thread-safe. Close it to drop connections and stop the membership refresh.
 */
public final class ReplicaClient implements AutoCloseable {
    /** How many nodes keep a signed record (the first by rendezvous on its locator). */
    public static final int RECORD_COPIES = 5;

    private final ClientConfig config;
    private final Transport transport;
    private final Connector connector;
    /** 64 MiB of arrays at most: 64 shards of 4 MiB stripes at k = 4 (a replication window, and reads in flight). */
    private final ByteArrayPool shardArrays = new ByteArrayPool(64L << 20);
    private final ClusterView view;
    private final LatencyTracker readLatency = new LatencyTracker(TimeUnit.MILLISECONDS.toNanos(50),
            TimeUnit.MICROSECONDS.toNanos(500));
    private final ConcurrentLinkedQueue<PendingCopy> pending = new ConcurrentLinkedQueue<>();
    private final EventExecutor scheduler;
    private final LocationHints hints = new LocationHints(65_536);
    private volatile boolean closed;

    private ReplicaClient(ClientConfig config) {
        this.config = config;
        this.transport = Transport.create("dcfs-client-io", config.ioThreads());
        this.connector = new Connector(transport, config.security(), 5000);
        connector.useShardArrays(shardArrays);
        this.view = new ClusterView(connector, config.seeds(), config.requestTimeout().toMillis());
        this.scheduler = transport.group().next();
    }

    /**
     * Connects to the network through {@code config.seeds()} and waits (up to {@code timeout}) for
     * a first membership view.
     *
     * @throws IOException if no seed answered
     */
    public static ReplicaClient connect(ClientConfig config, Duration timeout) throws IOException {
        ReplicaClient c = new ReplicaClient(config);
        try {
            ClusterView.Snapshot s = c.view.awaitMembers(1, timeout.toMillis());
            if (s.rows().isEmpty()) {
                throw new IOException("no node answered at " + config.seeds() + " within " + timeout.toSeconds()
                        + " s" + c.seedFailure());
            }
        } catch (InterruptedException e) {
            c.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        } catch (IOException e) {
            c.close();
            throw e;
        }
        long ms = config.refresh().toMillis();
        c.scheduler.scheduleWithFixedDelay(() -> {
            if (!c.closed) {
                c.view.refresh();
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        return c;
    }

    /** Why the first seed failed, for the error message. */
    private String seedFailure() {
        try {
            connector.get(config.seeds().get(0), null).get(5, TimeUnit.SECONDS);
            return "";
        } catch (Exception e) {
            return ": " + Connector.rootMessage(e);
        }
    }

    /** Refreshes the view until {@code n} members are up, at most {@code timeout}; returns how many are. */
    public int awaitMembers(int n, Duration timeout) throws InterruptedException {
        ClusterView.Snapshot s = view.awaitMembers(n, timeout.toMillis());
        return (int) s.rows().values().stream().filter(r -> r.state() == MemberState.UP).count();
    }

    /** The membership and topology this client places by now. */
    public ClusterView.Snapshot view() {
        return view.snapshot();
    }

    /** Where the stripe with this placement key goes under the current view. */
    public StripePlacement placement(byte[] placementKey, Shape shape) {
        return view.snapshot().topology().place(placementKey, shape);
    }

    // ------------------------------------------------------------------ stripes

    /**
     * Writes one stripe: shard {@code i} ({@code ids.get(i)}, {@code shards.get(i)}) of every copy
     * to the node placement chooses, all in parallel. See {@link StripeWrite} for when it is
     * durable and what happens to copies that fail.
     *
     * @param placementKey the stripe's placement key (any bytes; vfs uses the stripe's id)
     * @param ids k+m shard ids in index order; an id names immutable content: a node that already holds
     *     other bytes under it (CONFLICT) is taken to hold an earlier write of the same shard
     * @param shards k+m shards in index order; kept (not copied) until {@code replicated} completes
     * @param deletionTokens k+m secrets in index order, each of which later deletes its shard
     *     (nodes keep only its SHA-256; vfs derives them with {@code KeyTree.deletionToken})
     */
    public StripeWrite writeStripe(byte[] placementKey, Shape shape, List<ShardId> ids, List<byte[]> shards,
            List<byte[]> deletionTokens) {
        checkStripe(shape, ids);
        if (shards.size() != shape.totalShards() || deletionTokens.size() != shape.totalShards()) {
            throw new IllegalArgumentException(shards.size() + " shards and " + deletionTokens.size()
                    + " tokens for a stripe of " + shape.totalShards());
        }
        List<byte[]> hashes = new ArrayList<>();
        for (byte[] t : deletionTokens) {
            hashes.add(ShardStore.sha256(t));
        }
        return new StripeWriter(this, view.snapshot(), placementKey, shape, ids, shards, hashes).start();
    }

    /** Reads whole shards until k authenticate; see {@link #readStripeRange}. */
    public CompletableFuture<StripeShards> readStripe(byte[] placementKey, Shape shape, List<ShardId> ids,
            ShardAuthenticator auth) {
        return readStripeRange(placementKey, shape, ids, 0, Message.GetShard.TO_END, auth);
    }

    /**
     * Reads bytes [offset, offset+length) of the stripe's shards ({@code length} -1: to the end)
     * from their holders in parallel, passes each to {@code auth} as it arrives, and completes with
     * the first k that authenticate (the rest are cancelled). Fails with
     * {@link NotEnoughShardsException} when no holder or candidate has k authentic ones.
     */
    public CompletableFuture<StripeShards> readStripeRange(byte[] placementKey, Shape shape, List<ShardId> ids,
            int offset, int length, ShardAuthenticator auth) {
        checkStripe(shape, ids);
        return new StripeReader(this, view.snapshot(), placementKey, shape, ids, offset, length, auth).start();
    }

    /**
     * Deletes a stripe's shards from every holder, presenting the writer's tokens (index order). Completes with the
     * holders that could not be reached (their copies stay until repair deletes them); fails if a
     * node refuses the token.
     */
    public CompletableFuture<List<String>> deleteStripe(byte[] placementKey, Shape shape, List<ShardId> ids,
            List<byte[]> deletionTokens) {
        checkStripe(shape, ids);
        ClusterView.Snapshot s = view.snapshot();
        StripePlacement p = s.topology().place(placementKey, shape);
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (int c = 0; c < p.copies().size(); c++) {
            for (int i = 0; i < shape.totalShards(); i++) {
                MemberId m = p.holder(c, i);
                if (m == null) {
                    continue;
                }
                ShardId id = ids.get(i);
                all.add(call(s, m, new Message.DeleteShard(0, id, deletionTokens.get(i))).handle((r, e) -> {
                    if (e == null) {
                        return null;
                    }
                    Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                    if (cause instanceof dcfs.replicanet.transport.RemoteException re) {
                        throw new java.util.concurrent.CompletionException(re);
                    }
                    return id.shortForm() + "@" + m.shortForm() + ": " + Connector.rootMessage(e);
                }));
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<String> failed = new ArrayList<>();
            for (CompletableFuture<String> f : all) {
                String v = f.join();
                if (v != null) {
                    failed.add(v);
                }
            }
            return failed;
        });
    }

    private static void checkStripe(Shape shape, List<ShardId> ids) {
        if (ids.size() != shape.totalShards()) {
            throw new IllegalArgumentException(ids.size() + " shard ids for a stripe of " + shape.totalShards());
        }
    }

    // ------------------------------------------------------------------ single shards (repair, audit, benchmarks)

    /** Puts one shard on one node. */
    public CompletableFuture<Boolean> putShard(MemberId node, ShardId id, byte[] tokenHash, byte[] bytes) {
        return call(view.snapshot(), node, new Message.PutShard(0, id, tokenHash, Unpooled.wrappedBuffer(bytes)))
                .thenApply(r -> ((Message.Stored) r).alreadyStored());
    }

    /** Reads one shard (or a range) from one node. */
    public CompletableFuture<byte[]> getShard(MemberId node, ShardId id, int offset, int length) {
        return call(view.snapshot(), node, new Message.GetShard(0, id, offset, length)).thenApply(r -> {
            var d = ((Message.ShardData) r).data();
            byte[] b = d.hasArray() && d.arrayOffset() == 0 && d.array().length == d.readableBytes()
                    ? d.array() : io.netty.buffer.ByteBufUtil.getBytes(d);
            d.release();
            return b;
        });
    }

    /** One node's store figures. */
    public CompletableFuture<Message.Stats> stats(MemberId node) {
        return call(view.snapshot(), node, new Message.GetStats(0)).thenApply(r -> (Message.Stats) r);
    }

    /** Round-trip time to one node as this client measures it (one PING), in microseconds. */
    public CompletableFuture<Long> ping(MemberId node) {
        long start = System.nanoTime();
        return call(view.snapshot(), node, new Message.Ping(0, start))
                .thenApply(r -> (System.nanoTime() - start) / 1000);
    }

    /** A page of the shard ids a node holds (for repair and audit). */
    public CompletableFuture<Message.ShardList> listShards(MemberId node, ShardId after, int limit) {
        return call(view.snapshot(), node, new Message.ListShards(0, after, limit)).thenApply(r -> (Message.ShardList) r);
    }

    /** The length of a shard on one node, or -1 if the node does not hold it (a cheap presence check). */
    public CompletableFuture<Integer> shardLength(MemberId node, ShardId id) {
        return call(view.snapshot(), node, new Message.HasShard(0, id))
                .thenApply(r -> ((Message.ShardInfo) r).present() ? ((Message.ShardInfo) r).length() : -1);
    }

    /** Deletes one copy of a shard on one node (repair of a damaged copy); true if it existed. */
    public CompletableFuture<Boolean> deleteShard(MemberId node, ShardId id, byte[] deletionToken) {
        return call(view.snapshot(), node, new Message.DeleteShard(0, id, deletionToken.clone()))
                .thenApply(r -> ((Message.Deleted) r).existed());
    }

    /**
     * Asks one node for a storage proof of one shard (docs/proofs.md, "Audit"); completes with the
     * proof's bytes as the node sent them (the auditor parses and checks them), or fails — with a
     * {@link java.util.concurrent.TimeoutException} inside when the node did not answer within
     * {@code deadlineMillis}.
     */
    public CompletableFuture<byte[]> audit(MemberId node, ShardId id, byte[] nonce, int samples, long deadlineMillis) {
        return call(view.snapshot(), node, new Message.Audit(0, id, nonce.clone(), samples), deadlineMillis)
                .thenApply(r -> ((Message.AuditAnswer) r).proof());
    }

    /** A page of one node's reward ledger (entries from sequence {@code from}, its certificate). */
    public CompletableFuture<Message.LedgerPage> ledger(MemberId node, long from, int max) {
        return call(view.snapshot(), node, new Message.GetLedger(0, from, max)).thenApply(r -> (Message.LedgerPage) r);
    }

    /** Tells one node facts about others (audits, reads served) it records rewards from; completes with rows taken. */
    public CompletableFuture<Integer> report(MemberId node, List<Message.ReportRow> rows) {
        return call(view.snapshot(), node, new Message.Report(0, rows)).thenApply(r -> ((Message.Reported) r).accepted());
    }

    /**
     * Takes a newer revocation list at once (an ejection this client made or learned of): new
     * connections to revoked nodes are refused, open ones closed, and they leave this client's view
     * and so its placement. Returns whether the list was newer than the one in force.
     */
    public boolean applyRevocations(dcfs.keyring.identity.RevocationList list) {
        boolean newer = config.security().updateRevocations(list);
        view.exclude(config.security()::isRevoked);
        connector.closePeers(config.security()::isRevoked);
        return newer;
    }

    private CompletableFuture<Message.Response> call(ClusterView.Snapshot s, MemberId node, Message.Request req) {
        return call(s, node, req, requestTimeoutMillis());
    }

    private CompletableFuture<Message.Response> call(ClusterView.Snapshot s, MemberId node, Message.Request req,
            long timeoutMillis) {
        Endpoint ep = s.endpoint(node);
        if (ep == null) {
            io.netty.util.ReferenceCountUtil.release(req);
            return CompletableFuture.failedFuture(new NodeUnavailableException("node " + node.shortForm()
                    + " is not in the membership"));
        }
        return connector.get(ep, node).thenCompose(c -> c.send(req, timeoutMillis));
    }

    // ------------------------------------------------------------------ signed records

    /** The nodes that keep the record under {@code locator}: the first few by rendezvous on it. */
    public List<MemberId> recordHolders(byte[] locator) {
        List<MemberId> c = view.snapshot().topology().candidates(locator);
        return c.subList(0, Math.min(RECORD_COPIES, c.size()));
    }

    /**
     * The nodes a record read asks: the holders, then as many again down the rendezvous order.
     * Nodes that joined since the last write push older holders down the order; asking further
     * finds those holders' copies until the next write puts the record on the new holders.
     */
    private List<MemberId> recordReaders(byte[] locator) {
        List<MemberId> c = view.snapshot().topology().candidates(locator);
        return c.subList(0, Math.min(2 * RECORD_COPIES, c.size()));
    }

    /**
     * Puts a signed record ({@link SignedRecord} bytes) on its holders. Completes with how many
     * stored it; fails if none did (the first refusal says why, e.g. RECORD_STALE).
     */
    public CompletableFuture<Integer> putRecord(byte[] locator, byte[] record) {
        ClusterView.Snapshot s = view.snapshot();
        List<CompletableFuture<Message.Response>> all = new ArrayList<>();
        for (MemberId m : recordHolders(locator)) {
            all.add(call(s, m, new Message.PutRecord(0, locator.clone(), record.clone())));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((x, e) -> {
            int stored = 0;
            Throwable first = null;
            for (CompletableFuture<Message.Response> f : all) {
                if (!f.isCompletedExceptionally()) {
                    stored++;
                } else if (first == null) {
                    first = f.exceptionNow();
                }
            }
            if (stored == 0) {
                throw new java.util.concurrent.CompletionException(first == null
                        ? new NodeUnavailableException("no node to keep the record") : first);
            }
            return stored;
        });
    }

    /**
     * The newest valid record under {@code locator} among its holders (checked with {@code crypto}
     * when given, so a lying node cannot hand over a forged or foreign one); empty if none has one.
     */
    public CompletableFuture<Optional<byte[]>> getRecord(byte[] locator, RecordCrypto crypto) {
        ClusterView.Snapshot s = view.snapshot();
        List<CompletableFuture<Message.Response>> all = new ArrayList<>();
        for (MemberId m : recordReaders(locator)) {
            all.add(call(s, m, new Message.GetRecord(0, locator.clone())));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((x, e) -> {
            byte[] best = null;
            long bestSeq = -1;
            for (CompletableFuture<Message.Response> f : all) {
                if (f.isCompletedExceptionally()) {
                    continue;
                }
                byte[] rec = ((Message.RecordData) f.join()).record();
                try {
                    SignedRecord r = SignedRecord.parse(rec);
                    if (crypto != null) {
                        r.verify(locator, crypto);
                    }
                    if (r.sequence() > bestSeq) {
                        bestSeq = r.sequence();
                        best = rec;
                    }
                } catch (SignedRecord.RecordException ignored) {
                    // a node kept a bad record: skip it
                }
            }
            return Optional.ofNullable(best);
        });
    }

    /**
     * One node's answer to a quorum read of a record.
     *
     * @param holder whether the node is one of {@link #recordHolders} now (the ones a write puts
     *               the record on and a majority of which must answer)
     * @param record its record if it has a valid one, empty if it has none or only an invalid one
     */
    public record RecordCopy(MemberId node, boolean holder, Optional<byte[]> record) {
    }

    /**
     * What the nodes keep under {@code locator}, for quorum reads: one answer per node that replied,
     * asking the holders and as many nodes again further down the rendezvous order (see
     * {@link #recordReaders}). Nodes that did not answer are left out, so the caller can tell
     * whether a majority of the holders replied.
     */
    public CompletableFuture<List<RecordCopy>> getRecordCopies(byte[] locator, RecordCrypto crypto) {
        ClusterView.Snapshot s = view.snapshot();
        List<MemberId> holders = recordHolders(locator);
        List<MemberId> asked = recordReaders(locator);
        List<CompletableFuture<Message.Response>> all = new ArrayList<>();
        for (MemberId m : asked) {
            all.add(call(s, m, new Message.GetRecord(0, locator.clone())));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((x, e) -> {
            List<RecordCopy> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                CompletableFuture<Message.Response> f = all.get(i);
                MemberId node = asked.get(i);
                boolean holder = holders.contains(node);
                if (f.isCompletedExceptionally()) {
                    Throwable t = f.exceptionNow();
                    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
                        t = t.getCause();
                    }
                    if (t instanceof dcfs.replicanet.transport.RemoteException r
                            && r.code() == dcfs.replicanet.wire.ErrorCode.NOT_FOUND) {
                        out.add(new RecordCopy(node, holder, Optional.empty()));
                    }
                    continue;
                }
                byte[] rec = ((Message.RecordData) f.join()).record();
                try {
                    SignedRecord.parse(rec).verify(locator, crypto);
                    out.add(new RecordCopy(node, holder, Optional.of(rec)));
                } catch (SignedRecord.RecordException bad) {
                    out.add(new RecordCopy(node, holder, Optional.empty()));
                }
            }
            return out;
        });
    }

    // ------------------------------------------------------------------ health

    /**
     * One node as this client sees it.
     *
     * @param info its latest row (health report, address, liveness as the nodes judge it)
     * @param group its group for {@code shape}
     */
    public record NodeStatus(MemberInfo info, int group) {
    }

    /** Every member with its group for {@code shape}, by group then id. */
    public List<NodeStatus> nodes(Shape shape) {
        ClusterView.Snapshot s = view.snapshot();
        List<NodeStatus> out = new ArrayList<>();
        for (MemberInfo m : s.topology().members()) {
            out.add(new NodeStatus(s.rows().get(m.id()), s.topology().groupOf(m.id(), shape)));
        }
        out.sort((a, b) -> a.group != b.group ? Integer.compare(a.group, b.group) : a.info.id().compareTo(b.info.id()));
        return out;
    }

    // ------------------------------------------------------------------ pending copies

    /** Copies not where placement wants them, oldest first (for repair and status). */
    public List<PendingCopy> pendingCopies() {
        return List.copyOf(pending);
    }

    /** Removes and returns the pending copies (repair takes them over). */
    public List<PendingCopy> takePendingCopies() {
        List<PendingCopy> out = new ArrayList<>();
        PendingCopy p;
        while ((p = pending.poll()) != null) {
            out.add(p);
        }
        return out;
    }

    void addPending(PendingCopy p) {
        pending.add(p);
    }

    // ------------------------------------------------------------------ internals for readers and writers

    LocationHints hints() {
        return hints;
    }

    /**
     * The arrays this client's connections copy shard data into; a store seals into them too and
     * gives back the ones it is done with.
     */
    public ByteArrayPool shardArrays() {
        return shardArrays;
    }

    Connector connector() {
        return connector;
    }

    long requestTimeoutMillis() {
        return config.requestTimeout().toMillis();
    }

    ReadPolicy readPolicy() {
        return config.readPolicy();
    }

    EventExecutor scheduler() {
        return scheduler;
    }

    long hedgeDelayNanos() {
        return readLatency.p95Nanos();
    }

    void recordReadLatency(long nanos) {
        readLatency.record(nanos);
    }

    /** Drops every connection and stops refreshing. Pending requests fail. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connector.close();
        transport.close();
    }
}
