package dcfs.proofs.capacity;

/**
 * What a node states about itself for the proof of capacity (docs/proofs.md, "Capacity"), plus the
 * one figure the verifier measures itself: the time the node took to answer its challenge.
 *
 * @param processors        P: physical processors (sockets)
 * @param coresPerProcessor Q: cores per processor
 * @param challengeMillis   t: measured by the verifier, in milliseconds
 * @param offeredShare      φ: the share of its processing the node offers, 0 < φ ≤ 1
 * @param reportedBytes     sR: disk space the node reports for dcfs
 * @param takenBytes        sT: disk space already taken
 */
public record CapacityReport(int processors, int coresPerProcessor, double challengeMillis, double offeredShare,
                             long reportedBytes, long takenBytes) {
    public CapacityReport {
        if (processors < 1 || coresPerProcessor < 1) {
            throw new IllegalArgumentException("processors and cores per processor must be at least 1");
        }
        if (!(offeredShare > 0 && offeredShare <= 1)) {
            throw new IllegalArgumentException("offered share φ must be in (0, 1], got " + offeredShare);
        }
        if (challengeMillis < 0 || reportedBytes < 0 || takenBytes < 0) {
            throw new IllegalArgumentException("times and sizes cannot be negative");
        }
    }
}
