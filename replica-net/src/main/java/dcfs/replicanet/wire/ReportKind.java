package dcfs.replicanet.wire;

/**
 * What a {@code REPORT} row tells a node about another node (docs/wire-protocol.md, "Proofs and the
 * ledger"): the facts a node cannot see for itself, which the one recording the other node's rewards
 * needs. Wire values in {@link #code()}; never reused.
 */
public enum ReportKind {
    /** Storage audits of the node that the reporter checked and that held. */
    AUDITS_PASSED(1),
    /** Storage audits that were wrong, malformed or late. */
    AUDITS_FAILED(2),
    /** Stripe reads where the node was the first of its group to deliver an authentic shard. */
    READS_SERVED(3);

    private final int code;

    ReportKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind for {@code code}, or null if none. */
    public static ReportKind of(int code) {
        for (ReportKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
