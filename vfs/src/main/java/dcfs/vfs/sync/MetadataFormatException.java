package dcfs.vfs.sync;

import java.io.IOException;

/**
 * A superblock, metadata object or recovery blob that this dcfs cannot read: corrupt, or of a
 * version it does not know (the message says which, and what to do).
 */
public class MetadataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public MetadataFormatException(String message) {
        super(message);
    }

    public MetadataFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A version number this code does not read: newer means "upgrade dcfs". */
    static MetadataFormatException version(String what, int found, int known) {
        return new MetadataFormatException(what + " version " + found + (found > known
                ? " is newer than this dcfs reads (" + known + "): upgrade dcfs"
                : " is not one this dcfs reads (" + known + ")"));
    }
}
