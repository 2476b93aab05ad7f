package dcfs.fsmount;

/** A mount or unmount failed for a reason the user can act on; the message is one clear line. */
public final class MountFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public MountFailure(String message) {
        super(message);
    }

    public MountFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
