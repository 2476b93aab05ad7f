package dcfs.vfs;

/** A vfs operation failed with a POSIX error; the FUSE adapter turns {@link #errno()} into -errno. */
public class FsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    /**
     * An expected outcome (ENOENT of a lookup, EEXIST of O_EXCL...): no stack trace, which would
     * cost more than the operation itself on every negative lookup.
     */
    public FsException(Errno errno, String message) {
        super(message, null, true, false);
        this.errno = errno;
    }

    /** A failure with a cause (I/O, store, metadata): keeps the stack trace for the log. */
    public FsException(Errno errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }

    @Override
    public String getMessage() {
        return errno + ": " + super.getMessage();
    }
}
