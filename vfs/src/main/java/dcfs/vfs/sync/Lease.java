package dcfs.vfs.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The single-writer lease a writable mount holds in the superblock (docs/metadata.md,
 * "Single-writer lease"): who holds it — a random id per mount, the host, the home directory, the
 * process id and its start time — and until when. The holder renews it with every superblock write
 * and at least every third of its duration; a mount that dies stops renewing and the lease expires.
 *
 * <p>On the holder's own host a lease can be judged stale at once: same host, same home, and the
 * process is gone (or the pid now belongs to a process that started at another time — pid reuse).
 * Elsewhere only expiry frees it. Expiry compares the holder's wall clock with the reader's: clocks
 * more than a lease apart break the rule.
 *
 * @param pidStart        the holder process's start, ms since the epoch (0: unknown)
 * @param expiresAt       ms since the epoch
 */
public record Lease(RandomId mountId, String host, String home, long pid, long pidStart, long expiresAt) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    /** Host and home names are cut to these many bytes of UTF-8 (they only inform). */
    static final int MAX_HOST_BYTES = 255;
    static final int MAX_HOME_BYTES = 1024;

    public Lease {
        host = cut(host, MAX_HOST_BYTES);
        home = cut(home, MAX_HOME_BYTES);
    }

    /** A lease for this process, mounting from {@code home}, valid for {@code durationMillis}. */
    public static Lease forThisProcess(Path home, long nowMillis, long durationMillis) {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new Lease(RandomId.random(), thisHost(), home.toAbsolutePath().normalize().toString(), self.pid(), start,
                nowMillis + durationMillis);
    }

    public Lease renewedUntil(long expires) {
        return new Lease(mountId, host, home, pid, pidStart, expires);
    }

    public boolean expiredAt(long nowMillis) {
        return nowMillis >= expiresAt;
    }

    /** Same host and home as the caller, and the holder process is gone: free to take at once. */
    public boolean deadHolderOn(String thisHost, Path thisHome) {
        if (!host.equals(thisHost) || !home.equals(thisHome.toAbsolutePath().normalize().toString())) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        long started = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        // Start times are in clock ticks; more than a second apart is another process with the same pid.
        return pidStart != 0 && started != 0 && Math.abs(started - pidStart) > 1000;
    }

    /** "vm:/root/.dcfs (pid 4711)". */
    public String holder() {
        return host + ":" + home + " (pid " + pid + ")";
    }

    /** The expiry as a local wall-clock time, "01:42:10". */
    public String until() {
        return CLOCK.format(Instant.ofEpochMilli(expiresAt));
    }

    /** This machine's name, as the kernel has it (no DNS lookup). */
    public static String thisHost() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }

    private static String cut(String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= maxBytes) {
            return s;
        }
        // Cut on a character boundary: decode a prefix and drop a partial last character.
        String prefix = new String(b, 0, maxBytes, StandardCharsets.UTF_8);
        while (prefix.getBytes(StandardCharsets.UTF_8).length > maxBytes || prefix.endsWith("\uFFFD")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix;
    }
}
