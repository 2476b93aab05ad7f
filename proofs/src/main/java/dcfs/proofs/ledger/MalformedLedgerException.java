package dcfs.proofs.ledger;

/** A ledger that does not parse, or whose chain or signatures do not verify. */
public final class MalformedLedgerException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedLedgerException(String message) {
        super(message);
    }
}
