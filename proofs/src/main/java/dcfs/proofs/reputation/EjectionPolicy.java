package dcfs.proofs.reputation;

/**
 * When a node has failed audits often enough to be thrown out (DESIGN.md, "Proofs"): a run of
 * {@code maxConsecutiveFailures}, or a failure rate above {@code maxFailureRate} once at least
 * {@code minSamples} audits were made. One flaky answer must not eject an honest node; a node that
 * dropped its data fails every audit and goes quickly.
 */
public record EjectionPolicy(int maxConsecutiveFailures, double maxFailureRate, int minSamples) {
    public static final EjectionPolicy DEFAULT = new EjectionPolicy(3, 0.2, 10);

    public boolean shouldEject(NodeReputation r) {
        if (r.consecutiveFailures() >= maxConsecutiveFailures) {
            return true;
        }
        return r.passed() + r.failed() >= minSamples && r.failureRate() > maxFailureRate;
    }
}
