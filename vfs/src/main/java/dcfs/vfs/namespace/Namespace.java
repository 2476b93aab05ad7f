package dcfs.vfs.namespace;

import dcfs.vfs.Caller;
import dcfs.vfs.DirEntry;
import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import dcfs.vfs.OpenFlags;
import dcfs.vfs.RenameMode;
import dcfs.vfs.XattrMode;
import dcfs.vfs.data.LazyAtimes;
import dcfs.vfs.data.OpenFile;
import dcfs.vfs.data.OpenFiles;
import dcfs.vfs.inode.Clock;
import dcfs.vfs.inode.FileType;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.Time;
import dcfs.vfs.inode.TimeChange;
import dcfs.vfs.meta.Counters;
import dcfs.vfs.meta.Dirents;
import dcfs.vfs.meta.Inodes;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.meta.Orphans;
import dcfs.vfs.meta.ReadView;
import dcfs.vfs.meta.Reclaim;
import dcfs.vfs.meta.WriteTxn;
import dcfs.vfs.meta.Xattrs;
import dcfs.vfs.store.FileId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Names and attributes: path resolution, creation and removal, rename, links, ownership, modes,
 * times, extended attributes. Each mutating operation is one metadata write transaction that
 * checks and changes together, so it is atomic against every other operation.
 *
 * <p>Attributes of open regular files live in their {@link OpenFile} (newer than the stored ones);
 * {@link #load} and {@link #update} go through it, so a chmod on an open file and a write to it
 * never lose each other's changes.
 */
public final class Namespace {
    /** Most hard links an inode may have (EMLINK past it), as ext4. */
    public static final int LINK_MAX = 65000;
    /** Longest symlink target (PATH_MAX less the terminating NUL). */
    public static final int SYMLINK_MAX = 4095;
    /** Longest extended attribute value (Linux XATTR_SIZE_MAX). */
    public static final int XATTR_SIZE_MAX = 65536;
    private static final int MAX_SYMLINK_FOLLOWS = 40;

    private final MetaStore meta;
    private final OpenFiles openFiles;
    private final Clock clock;
    private final boolean readOnly;
    private final LazyAtimes lazyAtimes;

    public Namespace(MetaStore meta, OpenFiles openFiles, LazyAtimes lazyAtimes, Clock clock, boolean readOnly) {
        this.meta = meta;
        this.openFiles = openFiles;
        this.lazyAtimes = lazyAtimes;
        this.clock = clock;
        this.readOnly = readOnly;
    }

    /** Creates the root directory of a new filesystem, owned by {@code uid}/{@code gid}; no-op if present. */
    public void initialize(int uid, int gid) throws FsException {
        meta.write(t -> {
            if (Inodes.load(t, Counters.ROOT_INO) != null) {
                return null;
            }
            Time now = clock.now();
            Inodes.put(t, new Inode(Counters.ROOT_INO, FileType.DIRECTORY, 0755, uid, gid, 2, 0, 0, now, now, now, 0,
                    Counters.ROOT_INO, null, null));
            return null;
        });
    }

    // ---------------------------------------------------------------- lookups

    /** The attributes of {@code ino}: the open file's if it is open, else the stored ones; null if none. */
    public Inode load(ReadView v, long ino) {
        Inode live = openFiles.liveAttrs(ino);
        return live != null ? live : lazyAtimes.overlay(Inodes.load(v, ino));
    }

    private Inode loadExisting(ReadView v, long ino) throws FsException {
        Inode i = load(v, ino);
        if (i == null) {
            throw new FsException(Errno.ENOENT, "inode " + ino + " is gone");
        }
        return i;
    }

    /** lstat: the attributes of what {@code path} names (a final symlink is not followed). */
    public Inode getattr(Caller c, String path) throws FsException {
        PathName p = PathName.parse(path);
        return meta.readChecked(v -> resolve(v, c, p, false));
    }

    public String readlink(Caller c, String path) throws FsException {
        PathName p = PathName.parse(path);
        Inode i = meta.readChecked(v -> resolve(v, c, p, false));
        if (i.type() != FileType.SYMLINK) {
            throw new FsException(Errno.EINVAL, path + " is not a symlink");
        }
        return i.target();
    }

    /** access(2): F_OK (0) or any of R (4), W (2), X (1). */
    public void access(Caller c, String path, int mask) throws FsException {
        PathName p = PathName.parse(path);
        Inode i = meta.readChecked(v -> resolve(v, c, p, true));
        if ((mask & Access.W) != 0 && readOnly) {
            throw new FsException(Errno.EROFS, "read-only filesystem");
        }
        if (mask != 0 && !Access.allowed(c, i, mask & 7)) {
            throw new FsException(Errno.EACCES, path);
        }
    }

    /** Checks that {@code path} is a directory {@code c} may read; returns it. */
    public Inode opendir(Caller c, String path) throws FsException {
        PathName p = PathName.parse(path);
        Inode dir = meta.readChecked(v -> resolve(v, c, p, true));
        if (!dir.isDirectory()) {
            throw new FsException(Errno.ENOTDIR, path);
        }
        Access.require(c, dir, Access.R, path);
        return dir;
    }

    /** The entries of directory {@code ino}, with "." and ".." first; empty if it was removed. */
    public List<DirEntry> list(long ino) throws FsException {
        return meta.readChecked(v -> {
            Inode dir = Inodes.load(v, ino);
            List<DirEntry> out = new ArrayList<>();
            if (dir == null) {
                return out;
            }
            out.add(new DirEntry(".", ino, FileType.DIRECTORY));
            out.add(new DirEntry("..", dir.parent(), FileType.DIRECTORY));
            for (Dirents.Entry e : Dirents.list(v, ino)) {
                out.add(new DirEntry(e.name(), e.ino(), e.type()));
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- resolution

    /** The inode {@code p} names; intermediate symlinks are followed, the last one if {@code followLast}. */
    Inode resolve(ReadView v, Caller c, PathName p, boolean followLast) throws FsException {
        Deque<byte[]> todo = new ArrayDeque<>(p.components());
        Inode cur = loadExisting(v, Counters.ROOT_INO);
        int follows = 0;
        while (!todo.isEmpty()) {
            byte[] name = todo.pollFirst();
            if (!cur.isDirectory()) {
                throw new FsException(Errno.ENOTDIR, "not a directory on the way to " + PathName.text(name));
            }
            Access.require(c, cur, Access.X, "search permission denied");
            if (PathName.isDotDot(name)) {
                cur = loadExisting(v, cur.parent());
                continue;
            }
            Dirents.Entry e = Dirents.lookup(v, cur.ino(), name);
            if (e == null) {
                throw new FsException(Errno.ENOENT, PathName.text(name));
            }
            Inode child = loadExisting(v, e.ino());
            if (child.type() == FileType.SYMLINK && (!todo.isEmpty() || followLast)) {
                if (++follows > MAX_SYMLINK_FOLLOWS) {
                    throw new FsException(Errno.ELOOP, "too many symlinks");
                }
                PathName target = PathName.parse(child.target());
                List<byte[]> comps = target.components();
                for (int i = comps.size() - 1; i >= 0; i--) {
                    todo.addFirst(comps.get(i));
                }
                // Absolute targets resolve from this filesystem's root (vfs is its own chroot);
                // under FUSE the kernel resolves symlinks and never asks this.
                if (target.absolute()) {
                    cur = loadExisting(v, Counters.ROOT_INO);
                }
                continue;
            }
            cur = child;
        }
        return cur;
    }

    /** A directory and a name in it: where an entry is created, removed or renamed. */
    record Parent(Inode dir, byte[] name) {
        String text() {
            return PathName.text(name);
        }
    }

    Parent resolveParent(ReadView v, Caller c, PathName p) throws FsException {
        if (p.isRoot()) {
            throw new FsException(Errno.EBUSY, "the root directory");
        }
        Inode dir = resolve(v, c, new PathName(p.parent(), true), true);
        if (!dir.isDirectory()) {
            throw new FsException(Errno.ENOTDIR, "parent is not a directory");
        }
        Access.require(c, dir, Access.X, "search permission denied");
        return new Parent(dir, p.last());
    }

    // ---------------------------------------------------------------- creation

    /** mknod(2): regular files, FIFOs, sockets, and (for root) character and block devices. */
    public Inode mknod(Caller c, String path, int mode, long rdev) throws FsException {
        FileType type = (mode & FileType.S_IFMT) == 0 ? FileType.REGULAR : FileType.fromMode(mode);
        if (type == null) {
            throw new FsException(Errno.EINVAL, "unknown file type in mode " + Integer.toOctalString(mode));
        }
        if (type == FileType.DIRECTORY || type == FileType.SYMLINK) {
            throw new FsException(Errno.EPERM, "mknod cannot make a " + type);
        }
        if ((type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE) && !c.isRoot()) {
            throw new FsException(Errno.EPERM, "only root makes device nodes");
        }
        long dev = type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE ? rdev : 0;
        return createEntry(c, path, type, mode & 07777 & ~c.umask(), dev, null);
    }

    public Inode mkdir(Caller c, String path, int mode) throws FsException {
        return createEntry(c, path, FileType.DIRECTORY, mode & 01777 & ~c.umask(), 0, null);
    }

    public Inode symlink(Caller c, String target, String linkPath) throws FsException {
        int len = target.getBytes(StandardCharsets.UTF_8).length;
        if (len > SYMLINK_MAX) {
            throw new FsException(Errno.ENAMETOOLONG, "symlink target of " + len + " bytes");
        }
        if (len == 0) {
            throw new FsException(Errno.ENOENT, "empty symlink target");
        }
        return createEntry(c, linkPath, FileType.SYMLINK, 0777, 0, target);
    }

    private Inode createEntry(Caller c, String path, FileType type, int perm, long rdev, String target)
            throws FsException {
        PathName p = PathName.parse(path);
        checkWritable();
        return meta.write(t -> {
            Parent pp = resolveParent(t, c, p);
            refuseDots(pp, Errno.EEXIST);
            if (Dirents.lookup(t, pp.dir().ino(), pp.name()) != null) {
                throw new FsException(Errno.EEXIST, path);
            }
            Access.require(c, pp.dir(), Access.W | Access.X, "cannot create in " + path);
            return newInode(t, c, pp, type, perm, rdev, target);
        });
    }

    private Inode newInode(WriteTxn t, Caller c, Parent pp, FileType type, int perm, long rdev, String target)
            throws FsException {
        Inode dir = pp.dir();
        Time now = clock.now();
        int gid = c.gid();
        int mode = perm;
        if ((dir.perm() & Inode.S_ISGID) != 0) {
            // setgid directory: new entries take its group; new directories stay setgid too
            gid = dir.gid();
            if (type == FileType.DIRECTORY) {
                mode |= Inode.S_ISGID;
            } else if ((mode & (Inode.S_ISGID | Inode.S_IXGRP)) == (Inode.S_ISGID | Inode.S_IXGRP) && !c.inGroup(gid)
                    && !c.isRoot()) {
                mode &= ~Inode.S_ISGID;
            }
        }
        long ino = Counters.nextIno(t);
        boolean isDir = type == FileType.DIRECTORY;
        long size = target == null ? 0 : target.getBytes(StandardCharsets.UTF_8).length;
        Inode child = new Inode(ino, type, mode, c.uid(), gid, isDir ? 2 : 1, size, 0, now, now, now, rdev,
                isDir ? dir.ino() : 0, type == FileType.REGULAR ? FileId.random() : null, target);
        Inodes.put(t, child);
        Dirents.put(t, dir.ino(), pp.name(), ino, type);
        update(t, dir.ino(), d -> (isDir ? d.withNlink(d.nlink() + 1, now) : d).modified(now));
        return child;
    }

    /** link(2): a new name for an existing non-directory. */
    public Inode link(Caller c, String existing, String newPath) throws FsException {
        PathName src = PathName.parse(existing);
        PathName dst = PathName.parse(newPath);
        checkWritable();
        return meta.write(t -> {
            Inode target = resolve(t, c, src, false);
            if (target.isDirectory()) {
                throw new FsException(Errno.EPERM, "hard links to directories are not allowed");
            }
            Parent pp = resolveParent(t, c, dst);
            refuseDots(pp, Errno.EEXIST);
            if (Dirents.lookup(t, pp.dir().ino(), pp.name()) != null) {
                throw new FsException(Errno.EEXIST, newPath);
            }
            Access.require(c, pp.dir(), Access.W | Access.X, "cannot create in " + newPath);
            if (target.nlink() >= LINK_MAX) {
                throw new FsException(Errno.EMLINK, existing + " has " + target.nlink() + " links");
            }
            Time now = clock.now();
            Dirents.put(t, pp.dir().ino(), pp.name(), target.ino(), target.type());
            update(t, pp.dir().ino(), d -> d.modified(now));
            return update(t, target.ino(), i -> i.withNlink(i.nlink() + 1, now));
        });
    }

    // ---------------------------------------------------------------- removal

    public void unlink(Caller c, String path) throws FsException {
        PathName p = PathName.parse(path);
        checkWritable();
        meta.write(t -> {
            Parent pp = resolveParent(t, c, p);
            refuseDots(pp, Errno.EISDIR);
            Dirents.Entry e = Dirents.lookup(t, pp.dir().ino(), pp.name());
            if (e == null) {
                throw new FsException(Errno.ENOENT, path);
            }
            Inode victim = loadExisting(t, e.ino());
            if (victim.isDirectory()) {
                throw new FsException(Errno.EISDIR, path + " is a directory");
            }
            Access.require(c, pp.dir(), Access.W | Access.X, "cannot remove from " + path);
            Access.checkSticky(c, pp.dir(), victim);
            Time now = clock.now();
            Dirents.delete(t, pp.dir().ino(), pp.name());
            update(t, pp.dir().ino(), d -> d.modified(now));
            dropLink(t, victim.ino(), now);
            return null;
        });
    }

    public void rmdir(Caller c, String path) throws FsException {
        PathName p = PathName.parse(path);
        checkWritable();
        if (!p.isRoot() && isDot(p.last())) {
            throw new FsException(Errno.EINVAL, "cannot remove '.'");
        }
        meta.write(t -> {
            Parent pp = resolveParent(t, c, p);
            if (PathName.isDotDot(pp.name())) {
                throw new FsException(Errno.ENOTEMPTY, "cannot remove '..'");
            }
            Dirents.Entry e = Dirents.lookup(t, pp.dir().ino(), pp.name());
            if (e == null) {
                throw new FsException(Errno.ENOENT, path);
            }
            Inode victim = loadExisting(t, e.ino());
            if (!victim.isDirectory()) {
                throw new FsException(Errno.ENOTDIR, path + " is not a directory");
            }
            Access.require(c, pp.dir(), Access.W | Access.X, "cannot remove from " + path);
            Access.checkSticky(c, pp.dir(), victim);
            if (!Dirents.isEmpty(t, victim.ino())) {
                throw new FsException(Errno.ENOTEMPTY, path);
            }
            Time now = clock.now();
            Dirents.delete(t, pp.dir().ino(), pp.name());
            update(t, pp.dir().ino(), d -> d.withNlink(d.nlink() - 1, now).modified(now));
            Reclaim.destroy(t, victim);
            return null;
        });
    }

    /** One link fewer; at none the inode goes, or becomes an orphan until its last close. */
    private void dropLink(WriteTxn t, long ino, Time now) throws FsException {
        OpenFile open = openFiles.get(ino);
        if (open != null) {
            Inode a = open.commitUpdate(t, i -> i.withNlink(Math.max(0, i.nlink() - 1), now));
            if (a.nlink() == 0) {
                Orphans.add(t, ino);
            }
            return;
        }
        Inode i = loadExisting(t, ino);
        if (i.nlink() <= 1) {
            Reclaim.destroy(t, i);
        } else {
            Inodes.put(t, i.withNlink(i.nlink() - 1, now));
        }
    }

    // ---------------------------------------------------------------- rename

    public void rename(Caller c, String from, String to, RenameMode mode) throws FsException {
        PathName pf = PathName.parse(from);
        PathName pt = PathName.parse(to);
        checkWritable();
        if (pf.isRoot() || pt.isRoot()) {
            throw new FsException(Errno.EBUSY, "cannot rename the root directory");
        }
        if (isDot(pf.last()) || isDot(pt.last())) {
            throw new FsException(Errno.EINVAL, "cannot rename '.' or '..'");
        }
        meta.write(t -> {
            Parent sp = resolveParent(t, c, pf);
            Parent dp = resolveParent(t, c, pt);
            Dirents.Entry se = Dirents.lookup(t, sp.dir().ino(), sp.name());
            if (se == null) {
                throw new FsException(Errno.ENOENT, from);
            }
            Inode src = loadExisting(t, se.ino());
            Dirents.Entry de = Dirents.lookup(t, dp.dir().ino(), dp.name());
            Inode dst = de == null ? null : loadExisting(t, de.ino());
            Access.require(c, sp.dir(), Access.W | Access.X, "cannot rename from " + from);
            Access.require(c, dp.dir(), Access.W | Access.X, "cannot rename to " + to);
            Access.checkSticky(c, sp.dir(), src);
            if (dst != null) {
                Access.checkSticky(c, dp.dir(), dst);
            }
            if (mode == RenameMode.NOREPLACE && dst != null) {
                throw new FsException(Errno.EEXIST, to);
            }
            if (mode == RenameMode.EXCHANGE && dst == null) {
                throw new FsException(Errno.ENOENT, to);
            }
            if (dst != null && dst.ino() == src.ino()) {
                return null; // two names of one inode: POSIX says do nothing
            }
            if (src.isDirectory() && isAncestorOrSelf(t, src.ino(), dp.dir().ino())) {
                throw new FsException(Errno.EINVAL, "cannot move a directory into itself");
            }
            if (mode == RenameMode.EXCHANGE && dst.isDirectory() && isAncestorOrSelf(t, dst.ino(), sp.dir().ino())) {
                throw new FsException(Errno.EINVAL, "cannot move a directory into itself");
            }
            boolean crossDir = sp.dir().ino() != dp.dir().ino();
            if (crossDir && src.isDirectory()) {
                Access.require(c, src, Access.W, "moving a directory needs write permission on it");
            }
            Time now = clock.now();
            if (mode == RenameMode.EXCHANGE) {
                if (crossDir && dst.isDirectory()) {
                    Access.require(c, dst, Access.W, "moving a directory needs write permission on it");
                }
                exchange(t, sp, dp, src, dst, now);
                return null;
            }
            if (dst != null) {
                if (src.isDirectory() && !dst.isDirectory()) {
                    throw new FsException(Errno.ENOTDIR, to + " is not a directory");
                }
                if (!src.isDirectory() && dst.isDirectory()) {
                    throw new FsException(Errno.EISDIR, to + " is a directory");
                }
                if (dst.isDirectory() && !Dirents.isEmpty(t, dst.ino())) {
                    throw new FsException(Errno.ENOTEMPTY, to);
                }
            }
            Dirents.delete(t, sp.dir().ino(), sp.name());
            if (dst != null) {
                if (dst.isDirectory()) {
                    Reclaim.destroy(t, dst);
                    update(t, dp.dir().ino(), d -> d.withNlink(d.nlink() - 1, now));
                } else {
                    dropLink(t, dst.ino(), now);
                }
            }
            Dirents.put(t, dp.dir().ino(), dp.name(), src.ino(), src.type());
            if (src.isDirectory() && crossDir) {
                update(t, src.ino(), i -> i.withParent(dp.dir().ino()));
                update(t, sp.dir().ino(), d -> d.withNlink(d.nlink() - 1, now));
                update(t, dp.dir().ino(), d -> d.withNlink(d.nlink() + 1, now));
            }
            update(t, src.ino(), i -> i.changed(now));
            update(t, sp.dir().ino(), d -> d.modified(now));
            if (crossDir) {
                update(t, dp.dir().ino(), d -> d.modified(now));
            }
            return null;
        });
    }

    private void exchange(WriteTxn t, Parent sp, Parent dp, Inode src, Inode dst, Time now) throws FsException {
        Dirents.put(t, sp.dir().ino(), sp.name(), dst.ino(), dst.type());
        Dirents.put(t, dp.dir().ino(), dp.name(), src.ino(), src.type());
        if (sp.dir().ino() != dp.dir().ino()) {
            if (src.isDirectory()) {
                update(t, src.ino(), i -> i.withParent(dp.dir().ino()));
            }
            if (dst.isDirectory()) {
                update(t, dst.ino(), i -> i.withParent(sp.dir().ino()));
            }
            int delta = (src.isDirectory() ? 1 : 0) - (dst.isDirectory() ? 1 : 0);
            if (delta != 0) {
                update(t, sp.dir().ino(), d -> d.withNlink(d.nlink() - delta, now));
                update(t, dp.dir().ino(), d -> d.withNlink(d.nlink() + delta, now));
            }
            update(t, dp.dir().ino(), d -> d.modified(now));
        }
        update(t, sp.dir().ino(), d -> d.modified(now));
        update(t, src.ino(), i -> i.changed(now));
        update(t, dst.ino(), i -> i.changed(now));
    }

    /** Whether {@code ancestor} is {@code ino} or one of its parents. */
    private boolean isAncestorOrSelf(ReadView v, long ancestor, long ino) throws FsException {
        long cur = ino;
        for (int depth = 0; depth < 100_000; depth++) {
            if (cur == ancestor) {
                return true;
            }
            if (cur == Counters.ROOT_INO) {
                return false;
            }
            cur = loadExisting(v, cur).parent();
        }
        throw new FsException(Errno.EIO, "directory parents form a loop at inode " + ino);
    }

    // ---------------------------------------------------------------- attributes

    public Inode chmod(Caller c, String path, int mode) throws FsException {
        PathName p = PathName.parse(path);
        checkWritable();
        return meta.write(t -> {
            Inode i = resolve(t, c, p, true);
            int perm = mode & 07777;
            int privBits = Inode.S_ISUID | Inode.S_ISGID;
            boolean onlyDropsPrivileges = perm != i.perm() && (perm & ~privBits) == (i.perm() & ~privBits)
                    && (perm & ~i.perm()) == 0;
            if (!Access.ownerOrRoot(c, i) && !onlyDropsPrivileges) {
                // The one chmod anyone may make: the kernel clearing setuid/setgid when someone else
                // writes (file_remove_privs arrives as a chmod in the writer's name).
                throw new FsException(Errno.EPERM, "only the owner may change the mode of " + path);
            }
            if (!c.isRoot() && !onlyDropsPrivileges && !c.inGroup(i.gid())) {
                perm &= ~Inode.S_ISGID; // as Linux: setgid needs membership in the file's group
            }
            Time now = clock.now();
            int newPerm = perm;
            return update(t, i.ino(), x -> x.withPerm(newPerm, now));
        });
    }

    /** chown(2); -1 leaves uid or gid as it is. */
    public Inode chown(Caller c, String path, int uid, int gid) throws FsException {
        PathName p = PathName.parse(path);
        checkWritable();
        return meta.write(t -> {
            Inode i = resolve(t, c, p, false);
            int newUid = uid == -1 ? i.uid() : uid;
            int newGid = gid == -1 ? i.gid() : gid;
            if (uid == -1 && gid == -1) {
                return i;
            }
            if (!c.isRoot()) {
                if (c.uid() != i.uid() || newUid != i.uid()) {
                    throw new FsException(Errno.EPERM, "only root may give " + path + " away");
                }
                if (newGid != i.gid() && !c.inGroup(newGid)) {
                    throw new FsException(Errno.EPERM, "not a member of group " + newGid);
                }
            }
            Time now = clock.now();
            return update(t, i.ino(), x -> {
                int perm = x.perm();
                if (x.type() != FileType.DIRECTORY) {
                    // chown of a non-directory drops setuid, and setgid when it means "group executes"
                    perm &= ~Inode.S_ISUID;
                    if ((perm & Inode.S_IXGRP) != 0) {
                        perm &= ~Inode.S_ISGID;
                    }
                }
                return x.withOwner(newUid, newGid, perm, now);
            });
        });
    }

    /** utimensat(2): each time set, set to now, or left alone. */
    public Inode utimens(Caller c, String path, TimeChange atime, TimeChange mtime) throws FsException {
        PathName p = PathName.parse(path);
        checkWritable();
        return meta.write(t -> {
            Inode i = resolve(t, c, p, false);
            boolean omitBoth = atime instanceof TimeChange.Omit && mtime instanceof TimeChange.Omit;
            if (omitBoth) {
                return i;
            }
            boolean explicit = atime instanceof TimeChange.Set || mtime instanceof TimeChange.Set;
            if (!Access.ownerOrRoot(c, i)) {
                if (explicit) {
                    throw new FsException(Errno.EPERM, "only the owner may set times of " + path);
                }
                if (!Access.allowed(c, i, Access.W)) {
                    throw new FsException(Errno.EACCES, "no write permission on " + path);
                }
            }
            Time now = clock.now();
            return update(t, i.ino(), x -> x.withTimes(pick(atime, x.atime(), now), pick(mtime, x.mtime(), now), now));
        });
    }

    private static Time pick(TimeChange change, Time old, Time now) {
        return switch (change) {
            case TimeChange.Now n -> now;
            case TimeChange.Omit o -> old;
            case TimeChange.Set s -> s.time();
        };
    }

    // ---------------------------------------------------------------- open

    /** What {@link #open} found or made. */
    public record Opening(OpenFile file, Inode attr, boolean created) {
    }

    /**
     * Opens (creating with O_CREAT) a regular file and registers it as open, in one transaction;
     * the caller truncates for O_TRUNC and makes the handle.
     */
    public Opening open(Caller c, String path, OpenFlags flags, int createMode) throws FsException {
        PathName p = PathName.parse(path);
        if (readOnly && (flags.write() || flags.truncate())) {
            throw new FsException(Errno.EROFS, "read-only filesystem");
        }
        // Usually the file exists: register it holding only the writer lock (no transaction).
        Opening existing = meta.exclusively(v -> openIn(v, null, c, p, path, flags, createMode));
        if (existing != null) {
            return existing;
        }
        checkWritable();
        return meta.write(t -> openIn(t, t, c, p, path, flags, createMode));
    }

    /**
     * Finds (or with {@code t} given, creates) and registers the file. Without {@code t}, returns
     * null when the file must be created. Caller holds the writer lock.
     */
    private Opening openIn(ReadView v, WriteTxn t, Caller c, PathName p, String path, OpenFlags flags,
                           int createMode) throws FsException {
        Inode target;
        if (flags.create()) {
            Parent pp = resolveParent(v, c, p);
            refuseDots(pp, Errno.EISDIR);
            Dirents.Entry e = Dirents.lookup(v, pp.dir().ino(), pp.name());
            if (e == null) {
                if (t == null) {
                    return null;
                }
                Access.require(c, pp.dir(), Access.W | Access.X, "cannot create " + path);
                Inode created = newInode(t, c, pp, FileType.REGULAR, createMode & 07777 & ~c.umask(), 0, null);
                OpenFile f = openFiles.acquire(created);
                t.onAbort(() -> openFiles.release(f));
                return new Opening(f, created, true);
            }
            if (flags.exclusive()) {
                throw new FsException(Errno.EEXIST, path);
            }
            target = loadExisting(v, e.ino());
            if (target.type() == FileType.SYMLINK) {
                target = resolve(v, c, p, true);
            }
        } else {
            target = resolve(v, c, p, !flags.noFollow());
        }
        if (target.type() == FileType.SYMLINK) {
            throw new FsException(Errno.ELOOP, path + " is a symlink");
        }
        if (target.isDirectory()) {
            throw new FsException(Errno.EISDIR, path + " is a directory");
        }
        if (!target.isRegular()) {
            throw new FsException(Errno.EINVAL, path + " is a " + target.type() + " (opened by the kernel, not here)");
        }
        int mask = (flags.read() ? Access.R : 0) | (flags.write() || flags.truncate() ? Access.W : 0);
        Access.require(c, target, mask, "cannot open " + path);
        OpenFile f = openFiles.acquire(lazyAtimes.take(target));
        return new Opening(f, f.attrs(), false);
    }

    // ---------------------------------------------------------------- extended attributes

    private enum XattrSpace { USER, TRUSTED, SECURITY }

    private static XattrSpace classify(String name) throws FsException {
        if (name.getBytes(StandardCharsets.UTF_8).length > PathName.NAME_MAX) {
            throw new FsException(Errno.ERANGE, "attribute name too long");
        }
        XattrSpace space;
        String rest;
        if (name.startsWith("user.")) {
            space = XattrSpace.USER;
            rest = name.substring(5);
        } else if (name.startsWith("trusted.")) {
            space = XattrSpace.TRUSTED;
            rest = name.substring(8);
        } else if (name.startsWith("security.")) {
            space = XattrSpace.SECURITY;
            rest = name.substring(9);
        } else {
            // system.posix_acl_* included: no POSIX ACLs; the mode bits are the whole story
            throw new FsException(Errno.ENOTSUP, "attribute namespace of " + name + " is not supported");
        }
        if (rest.isEmpty()) {
            throw new FsException(Errno.EINVAL, "empty attribute name");
        }
        return space;
    }

    /** Linux's xattr_permission: who may read or change attributes of each namespace. */
    private static void checkXattrAccess(Caller c, Inode i, XattrSpace space, boolean write) throws FsException {
        switch (space) {
            case USER -> {
                if (!i.isRegular() && !i.isDirectory()) {
                    throw new FsException(write ? Errno.EPERM : Errno.ENODATA, "user attributes only on files and directories");
                }
                Access.require(c, i, write ? Access.W : Access.R, "attribute access denied");
            }
            case TRUSTED -> {
                if (!c.isRoot()) {
                    throw new FsException(write ? Errno.EPERM : Errno.ENODATA, "trusted attributes are root's");
                }
            }
            case SECURITY -> {
                if (write && !c.isRoot()) {
                    throw new FsException(Errno.EPERM, "security attributes are root's to change");
                }
            }
        }
    }

    public void setxattr(Caller c, String path, String name, byte[] value, XattrMode mode) throws FsException {
        XattrSpace space = classify(name);
        if (value.length > XATTR_SIZE_MAX) {
            throw new FsException(Errno.E2BIG, "attribute value of " + value.length + " bytes");
        }
        PathName p = PathName.parse(path);
        checkWritable();
        meta.write(t -> {
            Inode i = resolve(t, c, p, false);
            checkXattrAccess(c, i, space, true);
            boolean exists = Xattrs.get(t, i.ino(), name) != null;
            if (mode == XattrMode.CREATE && exists) {
                throw new FsException(Errno.EEXIST, name);
            }
            if (mode == XattrMode.REPLACE && !exists) {
                throw new FsException(Errno.ENODATA, name);
            }
            Xattrs.put(t, i.ino(), name, value);
            Time now = clock.now();
            update(t, i.ino(), x -> x.changed(now));
            return null;
        });
    }

    public byte[] getxattr(Caller c, String path, String name) throws FsException {
        XattrSpace space = classify(name);
        PathName p = PathName.parse(path);
        return meta.readChecked(v -> {
            Inode i = resolve(v, c, p, false);
            checkXattrAccess(c, i, space, false);
            byte[] val = Xattrs.get(v, i.ino(), name);
            if (val == null) {
                throw new FsException(Errno.ENODATA, name);
            }
            return val;
        });
    }

    public List<String> listxattr(Caller c, String path) throws FsException {
        PathName p = PathName.parse(path);
        return meta.readChecked(v -> {
            Inode i = resolve(v, c, p, false);
            List<String> names = new ArrayList<>();
            for (String n : Xattrs.names(v, i.ino())) {
                if (c.isRoot() || !n.startsWith("trusted.")) {
                    names.add(n);
                }
            }
            return names;
        });
    }

    public void removexattr(Caller c, String path, String name) throws FsException {
        XattrSpace space = classify(name);
        PathName p = PathName.parse(path);
        checkWritable();
        meta.write(t -> {
            Inode i = resolve(t, c, p, false);
            checkXattrAccess(c, i, space, true);
            if (!Xattrs.remove(t, i.ino(), name)) {
                throw new FsException(Errno.ENODATA, name);
            }
            Time now = clock.now();
            update(t, i.ino(), x -> x.changed(now));
            return null;
        });
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Changes inode {@code ino} as {@code change} says and stores it in {@code t}: through its
     * {@link OpenFile} if open (so concurrent data-path changes are kept), else on the stored copy.
     */
    Inode update(WriteTxn t, long ino, UnaryOperator<Inode> change) throws FsException {
        OpenFile f = openFiles.get(ino);
        if (f != null) {
            return f.commitUpdate(t, change);
        }
        Inode cur = lazyAtimes.take(Inodes.load(t, ino));
        if (cur == null) {
            throw new FsException(Errno.ENOENT, "inode " + ino + " is gone");
        }
        Inode next = change.apply(cur);
        Inodes.put(t, next);
        return next;
    }

    private void checkWritable() throws FsException {
        if (readOnly) {
            throw new FsException(Errno.EROFS, "read-only filesystem");
        }
    }

    private static boolean isDot(byte[] name) {
        return PathName.isDotDot(name) || (name.length == 1 && name[0] == '.');
    }

    private static void refuseDots(Parent pp, Errno errno) throws FsException {
        if (isDot(pp.name())) {
            throw new FsException(errno, "'" + pp.text() + "'");
        }
    }
}
