package dcfs.replicanet.upkeep;

import dcfs.proofs.ledger.RewardParameters;
import java.time.Duration;

/**
 * A node's timing and settings for proofs and rewards (docs/proofs.md, "In the live system").
 *
 * @param capacityInterval how often the node challenges every peer's capacity
 * @param capacityIterations SHA-256 steps of each challenge (1 000 000 ≈ 90 ms on a 2020s core)
 * @param capacityWindow the longest answer that still counts (longer: no capacity this round); also
 *     the formula's clamp on t
 * @param rewardPeriod the reward "day": capacity, storage and serving rewards are recorded once per period
 * @param offeredShare φ, the share of its processing this node offers (0 < φ ≤ 1)
 * @param rewards the network's reward parameters (SP, PMA, PMB, serving reward)
 */
public record UpkeepConfig(Duration capacityInterval, int capacityIterations, Duration capacityWindow,
        Duration rewardPeriod, double offeredShare, RewardParameters rewards) {
    public UpkeepConfig {
        if (!(offeredShare > 0 && offeredShare <= 1)) {
            throw new IllegalArgumentException("offered share φ must be in (0, 1], got " + offeredShare);
        }
        if (capacityIterations < 1 || capacityIterations > dcfs.replicanet.wire.Message.Capacity.MAX_ITERATIONS) {
            throw new IllegalArgumentException("capacity challenge of " + capacityIterations + " steps");
        }
        if (capacityInterval.isNegative() || capacityInterval.isZero() || rewardPeriod.isNegative()
                || rewardPeriod.isZero() || capacityWindow.isNegative() || capacityWindow.isZero()) {
            throw new IllegalArgumentException("upkeep intervals must be positive");
        }
    }

    /** Realistic: capacity hourly, rewards daily, half the machine offered. */
    public static UpkeepConfig defaults() {
        return new UpkeepConfig(Duration.ofHours(1), 1_000_000, Duration.ofSeconds(10), Duration.ofDays(1), 0.5,
                RewardParameters.DEFAULT);
    }

    /** For tests and demonstrations: capacity every second, a reward "day" of three seconds. */
    public static UpkeepConfig fast() {
        return new UpkeepConfig(Duration.ofSeconds(1), 20_000, Duration.ofSeconds(5), Duration.ofSeconds(3), 0.5,
                RewardParameters.DEFAULT);
    }

    public UpkeepConfig withRewards(RewardParameters r) {
        return new UpkeepConfig(capacityInterval, capacityIterations, capacityWindow, rewardPeriod, offeredShare, r);
    }

    public UpkeepConfig withOfferedShare(double phi) {
        return new UpkeepConfig(capacityInterval, capacityIterations, capacityWindow, rewardPeriod, phi, rewards);
    }

    public UpkeepConfig withTiming(Duration capacity, Duration period) {
        return new UpkeepConfig(capacity, capacityIterations, capacityWindow, period, offeredShare, rewards);
    }
}
