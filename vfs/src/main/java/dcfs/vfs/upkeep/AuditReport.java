package dcfs.vfs.upkeep;

import java.util.List;

/**
 * What {@code dcfs audit} found, per node.
 *
 * @param nodes one row per node audited or holding shards of this filesystem
 * @param shardsWithRoot shards of this filesystem with a root to audit against
 * @param millis how long the audit took
 * @param reportsSent report rows sent to the nodes that record rewards (passes and failures)
 */
public record AuditReport(List<NodeResult> nodes, long shardsWithRoot, long millis, int reportsSent) {
    public AuditReport {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param node the node's id (64 hex)
     * @param audited audits sent
     * @param passed right answers in time
     * @param failed wrong, malformed or not-found answers
     * @param late no answer before the deadline (counts as failed)
     * @param unreachable true if the node could not be asked at all (down, refused): no verdict
     * @param problem the first failure's reason, or empty
     * @param reputationPassed audits passed over all runs
     * @param reputationFailed audits failed over all runs
     * @param consecutiveFailures the current run of failures
     * @param dueForEjection the ejection policy says: throw it out
     * @param ejected it was revoked by this run (set by the caller that revokes)
     */
    public record NodeResult(String node, int audited, int passed, int failed, int late, boolean unreachable,
            String problem, long reputationPassed, long reputationFailed, int consecutiveFailures,
            boolean dueForEjection, boolean ejected) {
        public NodeResult withEjected(boolean e) {
            return new NodeResult(node, audited, passed, failed, late, unreachable, problem, reputationPassed,
                    reputationFailed, consecutiveFailures, dueForEjection, e);
        }
    }

    public boolean anyFailed() {
        return nodes.stream().anyMatch(n -> n.failed() + n.late() > 0);
    }
}
