package dcfs.vfs;

/** A vfs operation failed with a POSIX error; the FUSE adapter turns {@link #errno()} into -errno. */
public class FsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    public FsException(Errno errno, String message) {
        super(message);
        this.errno = errno;
    }

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
