package dcfs.vfs.sync;

import java.time.Duration;

/**
 * Timing and sizes of the metadata on the network.
 *
 * @param shipInterval    committed changes reach the nodes at least this often without an fsync
 * @param lease           how long a lease holds without renewal; renewed every third of it
 * @param tailBudget      journal bytes kept inline in the superblock before they go into an object
 *                        (the record holds 64 KiB in all)
 * @param checkpointBytes journal objects past this many bytes (or past the last checkpoint's size,
 *                        whichever is larger) and the next ship writes a checkpoint
 * @param fsyncTimeout    how long an fsync waits for the nodes before it fails with EIO
 */
public record SyncConfig(Duration shipInterval, Duration lease, int tailBudget, long checkpointBytes,
                         Duration fsyncTimeout) {
    /** The record limit (64 KiB) less the record's own fields and a superblock's largest pointers. */
    static final int MAX_TAIL_BUDGET = 40 * 1024;

    public SyncConfig {
        if (tailBudget < 0 || tailBudget > MAX_TAIL_BUDGET) {
            throw new IllegalArgumentException("tail budget 0.." + MAX_TAIL_BUDGET + ": " + tailBudget);
        }
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("a lease shorter than 300 ms cannot be renewed in time: " + lease);
        }
    }

    /**
     * Ships every 5 s, a lease of 60 s (renewed every 20 s: a crashed mount elsewhere blocks a new
     * writer for at most a minute), 32 KiB inline, checkpoints past 64 MiB of journal objects.
     */
    public static SyncConfig defaults() {
        return new SyncConfig(Duration.ofSeconds(5), Duration.ofSeconds(60), 32 * 1024, 64L << 20,
                Duration.ofSeconds(120));
    }

    public SyncConfig withLease(Duration d) {
        return new SyncConfig(shipInterval, d, tailBudget, checkpointBytes, fsyncTimeout);
    }

    public SyncConfig withShipInterval(Duration d) {
        return new SyncConfig(d, lease, tailBudget, checkpointBytes, fsyncTimeout);
    }

    public SyncConfig withTailBudget(int bytes) {
        return new SyncConfig(shipInterval, lease, bytes, checkpointBytes, fsyncTimeout);
    }

    public SyncConfig withCheckpointBytes(long bytes) {
        return new SyncConfig(shipInterval, lease, tailBudget, bytes, fsyncTimeout);
    }
}
