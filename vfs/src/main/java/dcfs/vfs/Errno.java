package dcfs.vfs;

/**
 * The POSIX error a vfs operation fails with. Names only: the numbers are the FUSE adapter's to
 * map (one table, dcfs.fsmount.ErrnoMapping), so the model stays platform-neutral.
 */
public enum Errno {
    EPERM, ENOENT, EIO, EBADF, EACCES, EBUSY, EEXIST, EXDEV, ENODEV, ENOTDIR, EISDIR, EINVAL, EFBIG,
    ENOSPC, EROFS, EMLINK, ERANGE, E2BIG, ENAMETOOLONG, ENOSYS, ENOTEMPTY, ELOOP, ENODATA, ENOTSUP,
    EOVERFLOW
}
