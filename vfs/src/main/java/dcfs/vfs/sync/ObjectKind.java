package dcfs.vfs.sync;

/** What a metadata object holds; the code is what superblocks and recovery blobs store. */
public enum ObjectKind {
    /** A full copy of the metadata (a {@link dcfs.vfs.meta.Checkpoint} stream). */
    CHECKPOINT(1),
    /** Journal entries, a contiguous range of sequence numbers. */
    JOURNAL(2);

    private final int code;

    ObjectKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ObjectKind of(int code) throws MetadataFormatException {
        for (ObjectKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new MetadataFormatException("unknown metadata object kind " + code);
    }
}
