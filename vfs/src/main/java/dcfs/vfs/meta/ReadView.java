package dcfs.vfs.meta;

/**
 * Reads of one consistent snapshot of the metadata: a read transaction, or a write transaction
 * (which also sees its own changes). Returned arrays are copies the caller owns.
 */
public interface ReadView {
    /** The value, or null. */
    byte[] get(Table table, byte[] key);

    /**
     * Visits, in key order, every entry whose key starts with {@code prefix} and is not before
     * {@code from} (null: from the first). The visitor returns false to stop.
     */
    void scan(Table table, byte[] prefix, byte[] from, EntryVisitor visitor);

    /** Receives one entry of a scan; the arrays are the visitor's to keep. */
    @FunctionalInterface
    interface EntryVisitor {
        boolean visit(byte[] key, byte[] value);
    }
}
