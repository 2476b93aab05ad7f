package dcfs.proofs.reputation;

/**
 * A node's audit record: totals and the current run of failures. Immutable; {@link ReputationBook}
 * swaps records atomically.
 */
public record NodeReputation(String nodeId, long passed, long failed, int consecutiveFailures) {
    public static NodeReputation fresh(String nodeId) {
        return new NodeReputation(nodeId, 0, 0, 0);
    }

    NodeReputation withPass() {
        return new NodeReputation(nodeId, passed + 1, failed, 0);
    }

    NodeReputation withFailure() {
        return new NodeReputation(nodeId, passed, failed + 1, consecutiveFailures + 1);
    }

    public double failureRate() {
        long total = passed + failed;
        return total == 0 ? 0 : (double) failed / total;
    }
}
