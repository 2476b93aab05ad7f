package dcfs.vfs;

import java.io.IOException;

/**
 * The filesystem cannot be mounted as asked, for a reason the user acts on — another writer holds
 * the lease, the metadata is another identity's, the superblock is on other nodes. The message is
 * the one line to show, as it is.
 */
public class MountRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public MountRefusedException(String message) {
        super(message);
    }

    public MountRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
