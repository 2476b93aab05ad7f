package dcfs.proofs.ledger;

/**
 * The network's reward parameters (docs/proofs.md, "Rewards"), in micro-units of the reward token.
 *
 * @param dailyPool     SP: the pool shared out each day
 * @param capacityShare PMA: the share of SP paid for capacity (RW1)
 * @param storageShare  PMB: the share of SP paid for passed storage proofs (RW2)
 * @param servingReward paid to the first node of a group to serve a request
 */
public record RewardParameters(long dailyPool, double capacityShare, double storageShare, long servingReward) {
    /**
     * The defaults a network runs with unless it sets its own (docs/proofs.md, "Rewards"): a pool of
     * 1 000 tokens a day (10^9 micro-units), half of it for capacity, 40 % for stored data, 0.001
     * token for each read a node serves first.
     */
    public static final RewardParameters DEFAULT = new RewardParameters(1_000_000_000L, 0.5, 0.4, 1_000L);

    public RewardParameters {
        if (dailyPool < 0 || servingReward < 0) {
            throw new IllegalArgumentException("rewards cannot be negative");
        }
        if (capacityShare < 0 || storageShare < 0 || capacityShare + storageShare > 1) {
            throw new IllegalArgumentException("PMA and PMB must be non-negative and sum to at most 1");
        }
    }

    /** RW1 = SP · PMA · C_i / ΣC. */
    public long capacityReward(double nodeCapacity, double totalCapacity) {
        return share(capacityShare, nodeCapacity, totalCapacity);
    }

    /** RW2 = SP · PMB · C_i / ΣC, paid only after a passed storage proof. */
    public long storageReward(double nodeCapacity, double totalCapacity) {
        return share(storageShare, nodeCapacity, totalCapacity);
    }

    private long share(double fraction, double nodeCapacity, double totalCapacity) {
        if (totalCapacity <= 0 || nodeCapacity <= 0) {
            return 0;
        }
        return Math.round(dailyPool * fraction * Math.min(1.0, nodeCapacity / totalCapacity));
    }
}
