package dcfs.proofs.audit;

/** The outcome of checking one audit answer. */
public sealed interface AuditVerdict {
    record Passed() implements AuditVerdict {
    }

    /** Wrong, incomplete or malformed: the reason names what did not hold. */
    record Failed(String reason) implements AuditVerdict {
    }

    /** No answer within the deadline: counts against the node like a failure. */
    record Late(long millis) implements AuditVerdict {
    }

    default boolean passed() {
        return this instanceof Passed;
    }
}
