package dcfs.vfs.inode;

/** The kinds of inode, with their S_IFMT bits and the one-byte code the metadata stores. */
public enum FileType {
    REGULAR(0100000, 1),
    DIRECTORY(0040000, 2),
    SYMLINK(0120000, 3),
    FIFO(0010000, 4),
    SOCKET(0140000, 5),
    CHAR_DEVICE(0020000, 6),
    BLOCK_DEVICE(0060000, 7);

    public static final int S_IFMT = 0170000;

    private final int modeBits;
    private final int code;

    FileType(int modeBits, int code) {
        this.modeBits = modeBits;
        this.code = code;
    }

    /** The S_IFxxx bits of st_mode. */
    public int modeBits() {
        return modeBits;
    }

    /** The stored code (metadata format v1); never reuse a code. */
    public int code() {
        return code;
    }

    public static FileType fromCode(int code) {
        for (FileType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown file type code " + code);
    }

    /** The type named by the S_IFMT bits of {@code mode}, or null if none. */
    public static FileType fromMode(int mode) {
        int fmt = mode & S_IFMT;
        for (FileType t : values()) {
            if (t.modeBits == fmt) {
                return t;
            }
        }
        return null;
    }
}
