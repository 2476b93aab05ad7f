package dcfs.replicanet.client;

import java.util.Arrays;

/**
 * Recent shard-read latencies, for the hedge delay: the p95 of the last {@link #WINDOW} reads.
 * Thread-safe (synchronized; a few hundred ns per sample).
 */
final class LatencyTracker {
    static final int WINDOW = 512;
    private final long[] samples = new long[WINDOW];
    private int count;
    private final long defaultNanos;
    private final long floorNanos;
    private long cachedP95 = -1;
    private int cachedAt = -1;

    LatencyTracker(long defaultNanos, long floorNanos) {
        this.defaultNanos = defaultNanos;
        this.floorNanos = floorNanos;
    }

    synchronized void record(long nanos) {
        samples[count % WINDOW] = nanos;
        count++;
    }

    /** The p95 of recent samples (the default until 32 are in), at least the floor. */
    synchronized long p95Nanos() {
        if (count < 32) {
            return defaultNanos;
        }
        // Recompute every 16 samples: sorting 512 longs per read would be wasteful.
        if (cachedAt < 0 || count - cachedAt >= 16) {
            int n = Math.min(count, WINDOW);
            long[] s = Arrays.copyOf(samples, n);
            Arrays.sort(s);
            cachedP95 = s[(int) Math.min(n - 1, Math.ceil(n * 0.95) - 1)];
            cachedAt = count;
        }
        return Math.max(floorNanos, cachedP95);
    }
}
