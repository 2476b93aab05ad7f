package dcfs.vfs.inode;

import dcfs.vfs.store.FileId;

/**
 * An inode's attributes: what getattr returns and what the metadata stores (see
 * docs/metadata.md, table {@code inodes}).
 *
 * @param perm      permission bits including setuid, setgid and sticky ({@code 07777})
 * @param nlink     links; directories count 2 + subdirectories
 * @param allocated bytes held by stored stripes and inline data (st_blocks = allocated / 512, rounded up)
 * @param parent    for directories, the parent directory (the root is its own parent); 0 otherwise
 * @param fileId    for regular files, the random id their stripes are stored under; null otherwise
 * @param target    for symlinks, the target; null otherwise
 */
public record Inode(long ino, FileType type, int perm, int uid, int gid, int nlink, long size, long allocated,
                    Time atime, Time mtime, Time ctime, long rdev, long parent, FileId fileId, String target) {
    public static final int PERM_MASK = 07777;
    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;
    public static final int S_ISVTX = 01000;
    public static final int S_IXGRP = 00010;

    /** st_mode: type bits | permission bits. */
    public int mode() {
        return type.modeBits() | perm;
    }

    /** st_blocks in 512-byte units. */
    public long blocks() {
        return (allocated + 511) / 512;
    }

    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    public boolean isRegular() {
        return type == FileType.REGULAR;
    }

    public Inode withPerm(int newPerm, Time newCtime) {
        return new Inode(ino, type, newPerm & PERM_MASK, uid, gid, nlink, size, allocated, atime, mtime, newCtime, rdev,
                parent, fileId, target);
    }

    public Inode withOwner(int newUid, int newGid, int newPerm, Time newCtime) {
        return new Inode(ino, type, newPerm & PERM_MASK, newUid, newGid, nlink, size, allocated, atime, mtime, newCtime,
                rdev, parent, fileId, target);
    }

    public Inode withNlink(int newNlink, Time newCtime) {
        return new Inode(ino, type, perm, uid, gid, newNlink, size, allocated, atime, mtime, newCtime, rdev, parent,
                fileId, target);
    }

    public Inode withTimes(Time newAtime, Time newMtime, Time newCtime) {
        return new Inode(ino, type, perm, uid, gid, nlink, size, allocated, newAtime, newMtime, newCtime, rdev, parent,
                fileId, target);
    }

    public Inode withSize(long newSize, long newAllocated) {
        return new Inode(ino, type, perm, uid, gid, nlink, newSize, newAllocated, atime, mtime, ctime, rdev, parent,
                fileId, target);
    }

    public Inode withParent(long newParent) {
        return new Inode(ino, type, perm, uid, gid, nlink, size, allocated, atime, mtime, ctime, rdev, newParent,
                fileId, target);
    }

    /** Data changed: mtime and ctime become {@code now}. */
    public Inode modified(Time now) {
        return withTimes(atime, now, now);
    }

    /** Only the inode changed: ctime becomes {@code now}. */
    public Inode changed(Time now) {
        return withTimes(atime, mtime, now);
    }
}
