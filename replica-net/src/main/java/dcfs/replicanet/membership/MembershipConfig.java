package dcfs.replicanet.membership;

import java.time.Duration;

/**
 * Timing of gossip and failure detection.
 *
 * @param interval one gossip round (heartbeat, health report, pings)
 * @param fanout peers gossiped with per round
 * @param suspectAfter a member whose heartbeat has not grown for this long is suspect
 * @param downAfter ... and for this long, down
 * @param forgetAfter ... and for this long, dropped from the table (and from placement)
 */
public record MembershipConfig(Duration interval, int fanout, Duration suspectAfter, Duration downAfter,
        Duration forgetAfter) {
    public static MembershipConfig defaults() {
        return new MembershipConfig(Duration.ofSeconds(2), 3, Duration.ofSeconds(6), Duration.ofSeconds(20),
                Duration.ofHours(24));
    }

    /** Faster rounds for tests and local clusters on one machine. */
    public static MembershipConfig fast() {
        return new MembershipConfig(Duration.ofMillis(500), 3, Duration.ofMillis(2_000), Duration.ofMillis(5_000),
                Duration.ofHours(24));
    }
}
