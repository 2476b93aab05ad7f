package dcfs.vfs.sync;

import java.io.IOException;

/** A superblock update did not reach a majority of its holders, so it does not count. */
public final class SuperblockWriteException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int stored;
    private final int holders;

    SuperblockWriteException(long recordSeq, int stored, int holders, Throwable cause) {
        super("superblock update " + recordSeq + " reached " + stored + " of " + holders + " record holders; a majority ("
                + (holders / 2 + 1) + ") is needed" + (cause == null ? "" : " (" + rootMessage(cause) + ")"), cause);
        this.stored = stored;
        this.holders = holders;
    }

    public int stored() {
        return stored;
    }

    public int holders() {
        return holders;
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
