package dcfs.fstests.driver;

import java.time.Duration;

/**
 * How long to wait between two operations so their timestamps differ. pjdfstest sleeps a whole
 * second each time; here the step is measured once: a filesystem that stores nanoseconds gets a
 * short pause (above the kernel's coarse clock tick of 1–10 ms), one that stores whole seconds a
 * second, so the suite asks no more than POSIX does and stays fast where it can.
 */
final class TimestampGranularity {
    private static final Duration FINE = Duration.ofMillis(25);
    private static final Duration COARSE = Duration.ofMillis(1010);
    private static volatile Duration measured;

    private TimestampGranularity() {
    }

    static Duration of(Syscalls sys) {
        Duration d = measured;
        if (d == null) {
            d = measure(sys);
            measured = d;
        }
        return d;
    }

    // Three files created a few milliseconds apart: if none has a sub-second part, the filesystem
    // keeps seconds only (the chance that three real stamps all end in .000000000 is nil).
    private static Duration measure(Syscalls sys) {
        String probe = ".timestamp-probe";
        for (int i = 0; i < 3; i++) {
            String f = probe + i;
            long ns = sys.number("create", f, "0644", ":", "stat", f, "mtime_ns");
            sys.call("unlink", f);
            if (ns % 1_000_000_000L != 0) {
                return FINE;
            }
            try {
                Thread.sleep(7);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return COARSE;
            }
        }
        return COARSE;
    }
}
