package dcfs.vfs.upkeep;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Counts a pass's work and hands a line to {@link Progress} at most once a second. */
final class ProgressMeter {
    private final String what;
    private final long total;
    private final Progress out;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final LongSupplier problems;
    private volatile long lastNanos = System.nanoTime();

    ProgressMeter(String what, long total, Progress out, LongSupplier problems) {
        this.what = what;
        this.total = total;
        this.out = out;
        this.problems = problems;
    }

    void bytes(long n) {
        bytes.addAndGet(n);
    }

    long bytes() {
        return bytes.get();
    }

    void oneDone() {
        done.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastNanos >= 1_000_000_000L) {
            synchronized (this) {
                if (now - lastNanos >= 1_000_000_000L) {
                    lastNanos = now;
                    out.update(line());
                }
            }
        }
    }

    long millis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    String line() {
        double s = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        long d = done.get();
        return String.format(Locale.ROOT, "%s: %d/%d stripes (%.0f%%), %.1f MB, %.1f MB/s, %d problem(s)", what, d,
                total, total == 0 ? 100.0 : 100.0 * d / total, bytes.get() / 1e6, bytes.get() / 1e6 / s,
                problems.getAsLong());
    }
}
