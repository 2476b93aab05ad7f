package dcfs.fsmount;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import ru.serce.jnrfuse.ErrorCodes;

/**
 * The one table from vfs errors to the negative errno FUSE callbacks return. The switch is
 * exhaustive, so a new {@link Errno} does not compile until it is mapped here.
 */
public final class ErrnoMapping {
    private ErrnoMapping() {
    }

    /** The negative errno for {@code e}. */
    public static int negative(Errno e) {
        return -switch (e) {
            case EPERM -> ErrorCodes.EPERM();
            case ENOENT -> ErrorCodes.ENOENT();
            case EIO -> ErrorCodes.EIO();
            case EBADF -> ErrorCodes.EBADF();
            case EACCES -> ErrorCodes.EACCES();
            case EBUSY -> ErrorCodes.EBUSY();
            case EEXIST -> ErrorCodes.EEXIST();
            case EXDEV -> ErrorCodes.EXDEV();
            case ENODEV -> ErrorCodes.ENODEV();
            case ENOTDIR -> ErrorCodes.ENOTDIR();
            case EISDIR -> ErrorCodes.EISDIR();
            case EINVAL -> ErrorCodes.EINVAL();
            case EFBIG -> ErrorCodes.EFBIG();
            case ENOSPC -> ErrorCodes.ENOSPC();
            case EROFS -> ErrorCodes.EROFS();
            case EMLINK -> ErrorCodes.EMLINK();
            case ERANGE -> ErrorCodes.ERANGE();
            case E2BIG -> ErrorCodes.E2BIG();
            case ENAMETOOLONG -> ErrorCodes.ENAMETOOLONG();
            case ENOSYS -> ErrorCodes.ENOSYS();
            case ENOTEMPTY -> ErrorCodes.ENOTEMPTY();
            case ELOOP -> ErrorCodes.ELOOP();
            case ENODATA -> ErrorCodes.ENODATA();
            case ENOTSUP -> ErrorCodes.EOPNOTSUPP();
            case EOVERFLOW -> ErrorCodes.EOVERFLOW();
        };
    }

    public static int negative(FsException e) {
        return negative(e.errno());
    }

    /** What an unexpected failure (a bug, or a failed library call) becomes. */
    public static int unexpected() {
        return -ErrorCodes.EIO();
    }

    /** Unimplemented operations. */
    public static int notImplemented() {
        return -ErrorCodes.ENOSYS();
    }
}
