package dcfs.vfs.meta;

/**
 * The LMDB tables (named databases) of the local metadata, format v1; docs/metadata.md gives each
 * one's key and value layout. The code is what journal entries and checkpoints name a table by:
 * never reuse one.
 */
public enum Table {
    /** Format version, filesystem id, counters. Keys are ASCII names. */
    INFO(1, "info"),
    /** inode number → inode attributes. */
    INODES(2, "inodes"),
    /** parent inode + name → child inode + type. */
    DIRENTS(3, "dirents"),
    /** inode + stripe number → where the stripe's bytes are (stored generation, or inline). */
    STRIPES(4, "stripes"),
    /** inode + attribute name → value. */
    XATTRS(5, "xattrs"),
    /** inode numbers of unlinked files still open; deleted at last close or at the next mount. */
    ORPHANS(6, "orphans"),
    /** stripe keys to delete from the store: being written (intent) or no longer referenced. */
    GARBAGE(7, "garbage"),
    /** sequence → the changes of one committed transaction. Not itself journaled. */
    JOURNAL(8, "journal");

    private final int code;
    private final String dbName;

    Table(int code, String dbName) {
        this.code = code;
        this.dbName = dbName;
    }

    public int code() {
        return code;
    }

    public String dbName() {
        return dbName;
    }

    /** Whether changes to this table go into the journal (everything but the journal). */
    public boolean journaled() {
        return this != JOURNAL;
    }

    public static Table fromCode(int code) {
        for (Table t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown table code " + code);
    }
}
