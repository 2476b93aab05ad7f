package dcfs.vfs;

/**
 * The open(2) flags vfs looks at, decoded from the Linux numeric flags FUSE passes through.
 * Linux x86-64/aarch64 values (asm-generic/fcntl.h).
 */
public record OpenFlags(boolean read, boolean write, boolean append, boolean truncate, boolean create,
                        boolean exclusive, boolean directory, boolean noFollow) {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_ACCMODE = 3;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;

    public static OpenFlags decode(int flags) {
        int acc = flags & O_ACCMODE;
        return new OpenFlags(acc == O_RDONLY || acc == O_RDWR, acc == O_WRONLY || acc == O_RDWR,
                (flags & O_APPEND) != 0, (flags & O_TRUNC) != 0, (flags & O_CREAT) != 0,
                (flags & O_EXCL) != 0, (flags & O_DIRECTORY) != 0, (flags & O_NOFOLLOW) != 0);
    }
}
