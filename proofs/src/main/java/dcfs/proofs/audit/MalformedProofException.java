package dcfs.proofs.audit;

/** An audit answer that is not even well-formed: counts against the node like a wrong answer. */
public final class MalformedProofException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedProofException(String message) {
        super(message);
    }
}
