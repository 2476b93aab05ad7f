package dcfs.proofs.capacity;

/**
 * The network paper's proof-of-capacity score, as written there:
 * {@code C = P/Q · sqrt(t · φ) + (sR − sT)}.
 *
 * <p>The paper leaves units open; ours (docs/proofs.md, "Capacity") are t in milliseconds and
 * sR, sT in GiB, so the two terms are of comparable size for ordinary nodes. Two guards the paper
 * does not state but the formula needs: t is clamped to the verifier's window, because as written a
 * slower answer would earn more; and free space below zero counts as zero, not as a debt that could
 * make C negative.
 */
public final class CapacityFormula {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final double maxChallengeMillis;

    /** @param maxChallengeMillis the longest answer time that still earns credit (the verifier's window) */
    public CapacityFormula(double maxChallengeMillis) {
        if (maxChallengeMillis <= 0) {
            throw new IllegalArgumentException("challenge window must be positive");
        }
        this.maxChallengeMillis = maxChallengeMillis;
    }

    public double capacity(CapacityReport r) {
        double t = Math.min(r.challengeMillis(), maxChallengeMillis);
        double compute = (double) r.processors() / r.coresPerProcessor() * Math.sqrt(t * r.offeredShare());
        double freeGib = Math.max(0, r.reportedBytes() - r.takenBytes()) / GIB;
        return compute + freeGib;
    }
}
