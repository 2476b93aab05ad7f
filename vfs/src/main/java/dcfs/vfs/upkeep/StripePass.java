package dcfs.vfs.upkeep;

import dcfs.replicanet.MemberId;
import dcfs.vfs.store.NetworkStripeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pass over a list of stored stripes ({@link StripeInventory}): {@link Kind#PRESENCE} (every
 * copy asked for by length, nothing read), {@link Kind#SCRUB} (every copy read and authenticated)
 * or {@link Kind#REPAIR} (a scrub that mends each stripe it finds wanting). Stripes are examined by
 * a few workers at once; each holds at most one stripe's shards (R × (k+m) of them) in memory.
 * Idempotent: a second repair finds nothing to do.
 *
 * <p>A scrub or repair that went over every stripe also forgets the roots of shards the list no
 * longer names ({@link ShardRoots#retainOnly}), so audits never ask for deleted shards.
 */
public final class StripePass {
    /** What a pass does. */
    public enum Kind { PRESENCE, SCRUB, REPAIR }

    private static final int MAX_PROBLEMS = 100;

    private final List<StoredStripe> stripes;
    private final NetworkStripeStore store;
    private final ShardRoots roots;
    private final long timeoutMillis;
    private final int workers;

    /**
     * @param stripes what to look at (the whole filesystem, for {@link ShardRoots#retainOnly} to apply)
     * @param roots the roots table, learned into as copies authenticate; null for none
     * @param timeoutMillis how long one node may take to answer for one copy
     * @param workers stripes examined at once
     */
    public StripePass(List<StoredStripe> stripes, NetworkStripeStore store, ShardRoots roots, long timeoutMillis,
            int workers) {
        this.stripes = List.copyOf(stripes);
        this.store = store;
        this.roots = roots;
        this.timeoutMillis = timeoutMillis;
        this.workers = Math.max(1, workers);
    }

    private static final class Tally {
        final AtomicLong whole = new AtomicLong();
        final AtomicLong degraded = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
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
        Tally t = new Tally();
        String name = kind.name().toLowerCase(Locale.ROOT);
        ProgressMeter meter = new ProgressMeter(name, stripes.size(), progress, t::problemCount);
        ExecutorService pool = Executors.newFixedThreadPool(workers,
                Thread.ofPlatform().name("dcfs-" + name + "-", 0).daemon(true).factory());
        ThreadLocal<StripeExaminer> examiners = ThreadLocal.withInitial(() -> new StripeExaminer(store, roots, timeoutMillis));
        ThreadLocal<StripeMender> menders = ThreadLocal.withInitial(() -> new StripeMender(store, roots, timeoutMillis));
        try {
            List<Future<?>> all = new ArrayList<>();
            for (StoredStripe s : stripes) {
                all.add(pool.submit(() -> {
                    Examination ex = kind == Kind.PRESENCE ? examiners.get().presence(s) : examiners.get().read(s);
                    meter.bytes(ex.bytesRead);
                    Condition c = ex.condition();
                    StripeMender.Outcome fix = null;
                    if (kind == Kind.REPAIR && (c != Condition.WHOLE || !ex.extras.isEmpty())) {
                        fix = menders.get().mend(ex);
                    }
                    record(t, ex, c, fix);
                    meter.oneDone();
                    return null;
                }));
            }
            for (Future<?> f : all) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("examining a stripe failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (kind != Kind.PRESENCE && roots != null) {
            roots.retainOnly(StripeInventory.shardIds(stripes, store));
        }
        progress.update(meter.line());
        List<PassReport.NodeTally> nodes = new ArrayList<>();
        t.nodes.forEach((m, v) -> nodes.add(new PassReport.NodeTally(m.hex(), v[0], v[1], v[2], v[3])));
        PassReport.RepairCounts repair = kind != Kind.REPAIR ? null : new PassReport.RepairCounts(t.repaired.get(),
                t.written.get(), t.deleted.get(), t.resealed.get(), t.extras.get(), t.stillDegraded.get(),
                t.stillLost.get(), t.failures);
        return new PassReport(name, stripes.size(), t.whole.get(), t.degraded.get(), t.lost.get(), meter.bytes(),
                meter.millis(), nodes, t.problems, t.omitted, repair);
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

}
