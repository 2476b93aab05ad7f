package dcfs.vfs;

/** setxattr(2) flags. */
public enum XattrMode {
    /** Create or replace. */
    SET,
    /** XATTR_CREATE: fail with EEXIST if the attribute exists. */
    CREATE,
    /** XATTR_REPLACE: fail with ENODATA if it does not. */
    REPLACE;

    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;

    public static XattrMode fromFlags(int flags) throws FsException {
        return switch (flags) {
            case 0 -> SET;
            case XATTR_CREATE -> CREATE;
            case XATTR_REPLACE -> REPLACE;
            default -> throw new FsException(Errno.EINVAL, "setxattr flags " + flags);
        };
    }
}
