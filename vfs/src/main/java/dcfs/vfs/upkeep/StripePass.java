package dcfs.vfs.upkeep;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.client.PendingCopy;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.store.NetworkStripeStore;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pass over every stored stripe of the filesystem: {@link Kind#HEALTH} (presence of every copy),
 * {@link Kind#SCRUB} (read and authenticate every copy) or {@link Kind#REPAIR} (a scrub that mends
 * each stripe it finds wanting, and places the client's pending copies). Stripes are examined by a
 * few workers at once; each holds at most one stripe's shards (R × (k+m) of them) in memory.
 * Idempotent: a second repair finds nothing to do.
 */
public final class StripePass {
    /** What a pass does. */
    public enum Kind { HEALTH, SCRUB, REPAIR }

    private static final int MAX_PROBLEMS = 100;
    /** A hand-off not in the inventory is an orphan only once this old (see {@link #deleteOrphanHandoffs}). */
    static final java.time.Duration ORPHAN_AGE = java.time.Duration.ofMinutes(10);

    private final MetaStore meta;
    private final NetworkStripeStore store;
    private final ShardRoots roots;
    private final long timeoutMillis;
    private final int workers;

    /**
     * @param roots the writer's roots, learned into as copies authenticate
     * @param workers stripes examined at once
     */
    public StripePass(MetaStore meta, NetworkStripeStore store, ShardRoots roots, long timeoutMillis, int workers) {
        this.meta = meta;
        this.store = store;
        this.roots = roots;
        this.timeoutMillis = timeoutMillis;
        this.workers = Math.max(1, workers);
    }

    private final class Tally {
        final AtomicLong whole = new AtomicLong();
        final AtomicLong degraded = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final Map<MemberId, long[]> nodes = new TreeMap<>();
        final List<PassReport.Problem> problems = new ArrayList<>();
        long omitted;
        final AtomicLong repaired = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        final AtomicLong resealed = new AtomicLong();
        final AtomicLong extras = new AtomicLong();
        final AtomicLong stillDegraded = new AtomicLong();
        final AtomicLong stillLost = new AtomicLong();
        final List<String> failures = new ArrayList<>();

        long problemCount() {
            return degraded.get() + lost.get();
        }
    }

    public PassReport run(Kind kind, Progress progress) throws InterruptedException {
        List<StoredStripe> inventory = StripeInventory.read(meta);
        Map<String, List<PendingCopy>> pending = kind == Kind.REPAIR ? pendingByStripe() : Map.of();
        Tally t = new Tally();
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        ProgressMeter meter = new ProgressMeter(name, inventory.size(), progress, t::problemCount);
        ExecutorService pool = Executors.newFixedThreadPool(workers,
                Thread.ofPlatform().name("dcfs-" + name + "-", 0).daemon(true).factory());
        ThreadLocal<StripeExaminer> examiners = ThreadLocal.withInitial(() -> new StripeExaminer(store, roots, timeoutMillis));
        ThreadLocal<StripeMender> menders = ThreadLocal.withInitial(() -> new StripeMender(store, roots, timeoutMillis));
        try {
            List<Future<?>> all = new ArrayList<>();
            for (StoredStripe s : inventory) {
                all.add(pool.submit(() -> {
                    Examination ex = kind == Kind.HEALTH ? examiners.get().presence(s) : examiners.get().read(s);
                    meter.bytes(ex.bytesRead);
                    StripeMender.Outcome fix = null;
                    Condition c = ex.condition();
                    List<PendingCopy> handoffs = pending.remove(hex(ex.names.address().stripeTag()));
                    if (c != Condition.WHOLE || handoffs != null) {
                        if (!StripeInventory.isCurrent(meta, s)) {
                            t.skipped.incrementAndGet();
                            meter.oneDone();
                            return null;
                        }
                        if (kind == Kind.REPAIR) {
                            fix = menders.get().mend(ex, extraHolders(ex, handoffs));
                        }
                    }
                    record(t, ex, c, fix);
                    meter.oneDone();
                    return null;
                }));
            }
            for (Future<?> f : all) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("examining a stripe failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (kind == Kind.REPAIR) {
            t.extras.addAndGet(deleteOrphanHandoffs(pending));
        }
        progress.update(meter.line());
        List<PassReport.NodeTally> nodes = new ArrayList<>();
        t.nodes.forEach((m, v) -> nodes.add(new PassReport.NodeTally(m.hex(), v[0], v[1], v[2], v[3])));
        PassReport.RepairCounts repair = kind != Kind.REPAIR ? null : new PassReport.RepairCounts(t.repaired.get(),
                t.written.get(), t.deleted.get(), t.resealed.get(), t.extras.get(), t.stillDegraded.get(),
                t.stillLost.get(), t.failures);
        return new PassReport(name, inventory.size(), t.whole.get(), t.degraded.get(), t.lost.get(), t.skipped.get(),
                meter.bytes(), meter.millis(), nodes, t.problems, t.omitted, repair);
    }

    private void record(Tally t, Examination ex, Condition c, StripeMender.Outcome fix) {
        switch (c) {
            case WHOLE -> t.whole.incrementAndGet();
            case DEGRADED -> t.degraded.incrementAndGet();
            case LOST -> t.lost.incrementAndGet();
        }
        synchronized (t) {
            for (int copy = 0; copy < ex.copies(); copy++) {
                for (int i = 0; i < ex.width(); i++) {
                    MemberId m = ex.node[copy][i];
                    if (m == null) {
                        continue;
                    }
                    long[] v = t.nodes.computeIfAbsent(m, x -> new long[4]);
                    switch (ex.state[copy][i]) {
                        case OK -> v[0]++;
                        case MISSING -> v[1]++;
                        case DAMAGED -> v[2]++;
                        case UNREACHABLE -> v[3]++;
                        case UNPLACED -> {
                        }
                    }
                }
            }
            if (c != Condition.WHOLE) {
                if (t.problems.size() < MAX_PROBLEMS) {
                    t.problems.add(new PassReport.Problem(ex.stripe.ino(), ex.stripe.stripe(), ex.stripe.key().toString(), c,
                            ex.describeProblems()));
                } else {
                    t.omitted++;
                }
            }
            if (fix != null) {
                t.written.addAndGet(fix.written());
                t.deleted.addAndGet(fix.deleted());
                t.resealed.addAndGet(fix.resealed());
                t.extras.addAndGet(fix.extrasDeleted());
                if (fix.complete()) {
                    if (c != Condition.WHOLE) {
                        t.repaired.incrementAndGet();
                    }
                } else if (c == Condition.LOST && fix.written() == 0) {
                    t.stillLost.incrementAndGet();
                } else {
                    t.stillDegraded.incrementAndGet();
                }
                if (fix.failure() != null && t.failures.size() < MAX_PROBLEMS) {
                    t.failures.add(ex.stripe.describe() + ": " + fix.failure());
                }
            }
        }
    }

    /** The client's pending copies (hand-offs, failed copies), by stripe placement key. */
    private Map<String, List<PendingCopy>> pendingByStripe() {
        Map<String, List<PendingCopy>> out = new java.util.concurrent.ConcurrentHashMap<>();
        for (PendingCopy p : store.client().takePendingCopies()) {
            out.computeIfAbsent(hex(p.placementKey()), k -> new ArrayList<>()).add(p);
        }
        return out;
    }

    private static List<List<MemberId>> extraHolders(Examination ex, List<PendingCopy> handoffs) {
        List<List<MemberId>> out = new ArrayList<>();
        for (int i = 0; i < ex.width(); i++) {
            out.add(new ArrayList<>());
        }
        if (handoffs != null) {
            for (PendingCopy p : handoffs) {
                if (p.heldBy() != null && p.index() < ex.width()) {
                    out.get(p.index()).add(p.heldBy());
                }
            }
        }
        return out;
    }

    /**
     * Hand-off copies of stripes the filesystem no longer has: deleted (the token needs only the
     * shard id). Only old ones: a young one may belong to a stripe whose write is still being
     * committed to the metadata, which the inventory read at the start of the pass cannot show.
     */
    private long deleteOrphanHandoffs(Map<String, List<PendingCopy>> left) {
        long n = 0;
        java.time.Instant before = java.time.Instant.now().minus(ORPHAN_AGE);
        for (List<PendingCopy> ps : left.values()) {
            for (PendingCopy p : ps) {
                if (p.heldBy() == null || p.at().isAfter(before)) {
                    continue;
                }
                try {
                    if (store.client().deleteShard(p.heldBy(), p.shard(), store.deletionToken(p.shard()))
                            .get(timeoutMillis, TimeUnit.MILLISECONDS)) {
                        n++;
                    }
                } catch (Exception e) {
                    // garbage left on a node, not a loss
                }
            }
        }
        return n;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
