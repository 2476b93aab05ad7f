package dcfs.proofs.ledger;

/** What a ledger entry records; the byte is its code on disk and on the wire (docs/proofs.md). */
public enum EntryKind {
    CAPACITY_REWARD(1),
    STORAGE_REWARD(2),
    SERVING_REWARD(3),
    AUDIT_FAILED(4),
    NODE_EJECTED(5);

    private final int code;

    EntryKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static EntryKind ofCode(int code) throws MalformedLedgerException {
        for (EntryKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new MalformedLedgerException("unknown entry kind " + code);
    }
}
