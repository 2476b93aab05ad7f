package dcfs.replicanet.upkeep;

import dcfs.keyring.identity.RevocationList;
import dcfs.proofs.audit.AuditChallenge;
import dcfs.proofs.audit.AuditProver;
import dcfs.proofs.capacity.CapacityChallenge;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.membership.Membership;
import dcfs.replicanet.store.ShardStore;
import dcfs.replicanet.store.StoreException;
import dcfs.replicanet.store.StoreStats;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.transport.PeerIdentity;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.MemberInfo;
import dcfs.replicanet.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's side of proofs and rewards: answers {@code AUDIT} (a Merkle proof over the stored
 * shard), {@code CAPACITY} (from nodes only), {@code LEDGER} and {@code REPORT}; challenges its
 * peers' capacity every {@link UpkeepConfig#capacityInterval}; closes a reward period every
 * {@link UpkeepConfig#rewardPeriod} (aligned to the epoch, so every node closes the same periods).
 *
 * <p>Without an identity (plaintext test nodes) there is no ledger: {@code LEDGER} and
 * {@code REPORT} are answered NOT_FOUND, capacity challenges still run.
 */
public final class NodeUpkeep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeUpkeep.class);
    /** Proof requests waiting for the worker beyond which a node answers BUSY. */
    static final int PROOF_QUEUE = 64;

    private final MemberId self;
    private final UpkeepConfig config;
    private final ShardStore store;
    private final long offeredCapacity;
    private final Membership membership;
    private final NodeLedger ledger;
    private final CapacityVerifier verifier;
    private final RewardRecorder recorder;
    private final AuditProver prover = new AuditProver(Message.Audit.LEAF_SIZE);
    private final ThreadPoolExecutor proofs;
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    /**
     * @param offeredCapacity bytes the node offers (0: its disk)
     * @param ledger the node's ledger, or null for none; owned (closed) by this object
     */
    public NodeUpkeep(MemberId self, UpkeepConfig config, ShardStore store, long offeredCapacity, Membership membership,
            Connector peers, NodeLedger ledger) {
        this.self = self;
        this.config = config;
        this.store = store;
        this.offeredCapacity = offeredCapacity;
        this.membership = membership;
        this.ledger = ledger;
        this.proofs = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(PROOF_QUEUE),
                Thread.ofPlatform().name("dcfs-proofs").daemon(true).factory());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("dcfs-upkeep").daemon(true).factory());
        this.verifier = new CapacityVerifier(self, membership, peers, config, this::statement);
        Supplier<java.util.Collection<MemberId>> ids = () -> membership.rows().stream().map(MemberInfo::id).toList();
        this.recorder = ledger == null ? null : new RewardRecorder(self, ledger, config.rewards(), ids, verifier::latest);
    }

    /** Starts the capacity rounds (after a random part of one interval, so nodes do not all start at once) and periods. */
    public void start() {
        long every = config.capacityInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> safely("capacity round", verifier::round),
                ThreadLocalRandom.current().nextLong(Math.max(1, every / 2), every + 1), every, TimeUnit.MILLISECONDS);
        if (recorder != null) {
            schedulePeriodClose();
        }
    }

    private void schedulePeriodClose() {
        long period = config.rewardPeriod().toMillis();
        long now = System.currentTimeMillis();
        long current = now / period;
        long delay = (current + 1) * period - now;
        timer.schedule(() -> {
            safely("reward period " + current, () -> recorder.closePeriod(current));
            if (!closed) {
                schedulePeriodClose();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** This node's own statement for the capacity formula: φ, sR (offered, else the disk), sT. */
    private Message.CapacityAnswer statement() {
        StoreStats st = store.stats();
        long reported = offeredCapacity > 0 ? offeredCapacity : st.diskTotal();
        return new Message.CapacityAnswer(0, new byte[32], share(), reported, st.shardBytes());
    }

    private int share() {
        return (int) Math.max(1, Math.round(config.offeredShare() * Message.CapacityAnswer.ONE));
    }

    /** The answer to one upkeep request from {@code peer}; completes off the event loop. */
    public CompletableFuture<Message.Response> handle(Message.Request req, PeerIdentity peer) {
        int rid = req.requestId();
        return switch (req) {
            case Message.Audit a -> onWorker(rid, () -> audit(a));
            case Message.Capacity c -> peer.node()
                    ? onWorker(rid, () -> capacity(c))
                    : CompletableFuture.completedFuture(new Message.Error(rid, ErrorCode.NOT_PERMITTED,
                            "only nodes may send capacity challenges; " + peer.describe() + " is a client"));
            case Message.GetLedger g -> CompletableFuture.completedFuture(ledger == null
                    ? new Message.Error(rid, ErrorCode.NOT_FOUND, "this node keeps no ledger (no identity)")
                    : ledger.page(rid, g.from(), g.max()));
            case Message.Report r -> report(r, peer);
            default -> throw new IllegalArgumentException(req.type() + " is not an upkeep request");
        };
    }

    private Message.Response audit(Message.Audit a) {
        byte[] shard;
        try {
            ShardStore.Slice s = store.read(a.id(), 0, Message.GetShard.TO_END, UnpooledByteBufAllocator.DEFAULT);
            ByteBuf b = s.data();
            try {
                shard = new byte[b.readableBytes()];
                b.readBytes(shard);
            } finally {
                b.release();
            }
        } catch (StoreException e) {
            return new Message.Error(a.requestId(), e.code(), e.getMessage());
        }
        AuditChallenge c = new AuditChallenge(a.id().bytes(), a.nonce(), a.samples());
        return new Message.AuditAnswer(a.requestId(), prover.answer(c, shard).encode());
    }

    private Message.Response capacity(Message.Capacity c) {
        byte[] answer = new CapacityChallenge(c.seed(), c.iterations()).solve();
        Message.CapacityAnswer s = statement();
        return new Message.CapacityAnswer(c.requestId(), answer, s.offeredShareMillionths(), s.reportedBytes(),
                s.takenBytes());
    }

    private CompletableFuture<Message.Response> report(Message.Report r, PeerIdentity peer) {
        int rid = r.requestId();
        if (recorder == null) {
            return CompletableFuture.completedFuture(new Message.Error(rid, ErrorCode.NOT_FOUND,
                    "this node keeps no ledger (no identity)"));
        }
        CompletableFuture<Message.Response> f = new CompletableFuture<>();
        try {
            timer.execute(() -> {
                try {
                    f.complete(new Message.Reported(rid, recorder.accept(r.rows(), peer)));
                } catch (IOException | RuntimeException e) {
                    f.complete(new Message.Error(rid, ErrorCode.INTERNAL, "cannot record the report: " + e.getMessage()));
                }
            });
        } catch (RejectedExecutionException e) {
            f.complete(new Message.Error(rid, ErrorCode.SHUTTING_DOWN, "the node is stopping"));
        }
        return f;
    }

    private interface ProofWork {
        Message.Response run();
    }

    private CompletableFuture<Message.Response> onWorker(int rid, ProofWork work) {
        CompletableFuture<Message.Response> f = new CompletableFuture<>();
        try {
            proofs.execute(() -> {
                try {
                    f.complete(work.run());
                } catch (RuntimeException e) {
                    LOG.error("proof request {} failed", rid, e);
                    f.complete(new Message.Error(rid, ErrorCode.INTERNAL, String.valueOf(e)));
                }
            });
        } catch (RejectedExecutionException e) {
            f.complete(closed ? new Message.Error(rid, ErrorCode.SHUTTING_DOWN, "the node is stopping")
                    : new Message.Error(rid, ErrorCode.BUSY, PROOF_QUEUE + " proofs already waiting; ask again later"));
        }
        return f;
    }

    /** The revocation list in force grew: records the ejection of each node it names (once, by its recorder). */
    public void revoked(RevocationList list) {
        if (recorder == null || closed) {
            return;
        }
        List<RevocationList.Entry> entries = new ArrayList<>(list.entries());
        try {
            timer.execute(() -> {
                for (RevocationList.Entry e : entries) {
                    MemberId id = MemberId.fromHex(e.nodeId().hex());
                    safely("recording the ejection of " + id.shortForm(), () -> recorder.ejected(id, e.reason()));
                }
            });
        } catch (RejectedExecutionException ignored) {
            // stopping
        }
    }

    /** The latest capacity measurements (for tests and status). */
    public Map<MemberId, CapacityMeasurement> capacities() {
        return verifier.latest();
    }

    /** This node's ledger, or null. */
    public NodeLedger ledger() {
        return ledger;
    }

    private interface Step {
        void run() throws Exception;
    }

    private void safely(String what, Step step) {
        if (closed) {
            return;
        }
        try {
            step.run();
        } catch (Exception e) {
            LOG.warn("{} failed: {}", what, e.toString());
        }
    }

    /** Stops the timers and the worker, then closes the ledger. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        proofs.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            proofs.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ledger != null) {
            try {
                ledger.close();
            } catch (IOException e) {
                LOG.warn("closing the ledger: {}", e.getMessage());
            }
        }
        LOG.debug("upkeep of {} stopped", self.shortForm());
    }
}
