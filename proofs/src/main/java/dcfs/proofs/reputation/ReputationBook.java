package dcfs.proofs.reputation;

import dcfs.proofs.audit.AuditVerdict;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Audit outcomes per node and the ejection decision they lead to. Thread-safe. */
public final class ReputationBook {
    private final ConcurrentHashMap<String, NodeReputation> byNode = new ConcurrentHashMap<>();
    private final EjectionPolicy policy;

    public ReputationBook(EjectionPolicy policy) {
        this.policy = policy;
    }

    /** Records one verdict; returns true when this verdict makes the node due for ejection. */
    public boolean record(String nodeId, AuditVerdict verdict) {
        NodeReputation r = byNode.compute(nodeId, (id, old) -> {
            NodeReputation cur = old == null ? NodeReputation.fresh(id) : old;
            return verdict.passed() ? cur.withPass() : cur.withFailure();
        });
        return !verdict.passed() && policy.shouldEject(r);
    }

    /** Puts back a record kept from an earlier run (the book itself lives in memory). */
    public void restore(NodeReputation r) {
        byNode.put(r.nodeId(), r);
    }

    /** Whether {@code nodeId}'s record, as it stands, makes it due for ejection. */
    public boolean dueForEjection(String nodeId) {
        return policy.shouldEject(of(nodeId));
    }

    public NodeReputation of(String nodeId) {
        return byNode.getOrDefault(nodeId, NodeReputation.fresh(nodeId));
    }

    public List<NodeReputation> all() {
        return byNode.values().stream().sorted(java.util.Comparator.comparing(NodeReputation::nodeId)).toList();
    }
}
