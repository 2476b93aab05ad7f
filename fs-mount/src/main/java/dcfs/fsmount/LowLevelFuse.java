package dcfs.fsmount;

import dcfs.vfs.Caller;
import dcfs.vfs.DirEntry;
import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import dcfs.vfs.FsStats;
import dcfs.vfs.Opened;
import dcfs.vfs.RenameMode;
import dcfs.vfs.Vfs;
import dcfs.vfs.XattrMode;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.Time;
import dcfs.vfs.inode.TimeChange;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FUSE operations of a dcfs mount on libfuse 2's low-level API (struct fuse_lowlevel_ops,
 * called through java.lang.foreign upcalls). The kernel names files by inode number, and the node
 * id we give it is our inode number, so:
 * <ul>
 *   <li>all names of a hard-linked file are one kernel inode: attributes cached through one name
 *       are never stale through another (the high-level API gives each name its own node);</li>
 *   <li>an unlinked file stays reachable by inode while the kernel holds it (fstat, fchmod, an
 *       open racing a rename), see {@code InodeRefs};</li>
 *   <li>no paths are built or parsed per request.</li>
 * </ul>
 * Every callback is one {@link Vfs} call; failures go through {@link ErrnoMapping}; anything
 * unexpected is logged and answered EIO (an exception must never escape an upcall). Operations
 * left NULL in the table (getlk, setlk, flock, bmap, ioctl, poll) get ENOSYS from libfuse, so
 * locks stay local to the kernel.
 *
 * <p>Structure layouts are those of libfuse 2.9 on x86-64/aarch64 Linux (fuse_lowlevel.h,
 * fuse_common.h, struct stat, struct statvfs).
 */
final class LowLevelFuse {
    private static final Logger LOG = LoggerFactory.getLogger(LowLevelFuse.class);
    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
    private static final MemorySegment NULL = MemorySegment.NULL;

    /** Slots of struct fuse_lowlevel_ops (libfuse 2.9). */
    static final int OPS = 41;
    private static final int OP_INIT = 0;
    private static final int OP_LOOKUP = 2;
    private static final int OP_FORGET = 3;
    private static final int OP_GETATTR = 4;
    private static final int OP_SETATTR = 5;
    private static final int OP_READLINK = 6;
    private static final int OP_MKNOD = 7;
    private static final int OP_MKDIR = 8;
    private static final int OP_UNLINK = 9;
    private static final int OP_RMDIR = 10;
    private static final int OP_SYMLINK = 11;
    private static final int OP_RENAME = 12;
    private static final int OP_LINK = 13;
    private static final int OP_OPEN = 14;
    private static final int OP_READ = 15;
    private static final int OP_WRITE = 16;
    private static final int OP_FLUSH = 17;
    private static final int OP_RELEASE = 18;
    private static final int OP_FSYNC = 19;
    private static final int OP_OPENDIR = 20;
    private static final int OP_READDIR = 21;
    private static final int OP_RELEASEDIR = 22;
    private static final int OP_FSYNCDIR = 23;
    private static final int OP_STATFS = 24;
    private static final int OP_SETXATTR = 25;
    private static final int OP_GETXATTR = 26;
    private static final int OP_LISTXATTR = 27;
    private static final int OP_REMOVEXATTR = 28;
    private static final int OP_ACCESS = 29;
    private static final int OP_CREATE = 30;
    private static final int OP_FALLOCATE = 40;

    // struct stat (x86-64 / aarch64 glibc): 144 bytes
    static final int STAT_SIZE = 144;
    private static final int ST_INO = 8;
    private static final int ST_NLINK = 16;
    private static final int ST_MODE = 24;
    private static final int ST_UID = 28;
    private static final int ST_GID = 32;
    private static final int ST_RDEV = 40;
    private static final int ST_SIZE = 48;
    private static final int ST_BLKSIZE = 56;
    private static final int ST_BLOCKS = 64;
    private static final int ST_ATIME = 72;
    private static final int ST_MTIME = 88;
    private static final int ST_CTIME = 104;
    // struct fuse_entry_param: ino, generation, struct stat, attr_timeout, entry_timeout
    static final int ENTRY_SIZE = 176;
    private static final int EP_INO = 0;
    private static final int EP_ATTR = 16;
    private static final int EP_ATTR_TIMEOUT = 160;
    private static final int EP_ENTRY_TIMEOUT = 168;
    // struct fuse_file_info (2.9): flags, fh_old, writepage, bit field, fh, lock_owner
    private static final int FI_SIZE = 40;
    private static final int FI_FLAGS = 0;
    private static final int FI_BITS = 20;
    private static final int FI_FH = 24;
    private static final int FI_KEEP_CACHE = 1 << 1;
    // struct statvfs: 112 bytes
    private static final int STATVFS_SIZE = 112;
    // struct fuse_ctx: uid, gid, pid, umask
    private static final int CTX_SIZE = 16;
    // struct fuse_conn_info: capable at 20, want at 24
    private static final int CONN_CAPABLE = 20;
    private static final int CONN_WANT = 24;
    private static final int FUSE_CAP_ATOMIC_O_TRUNC = 1 << 3;
    // setattr to_set bits
    private static final int SET_MODE = 1;
    private static final int SET_UID = 1 << 1;
    private static final int SET_GID = 1 << 2;
    private static final int SET_SIZE = 1 << 3;
    private static final int SET_ATIME = 1 << 4;
    private static final int SET_MTIME = 1 << 5;
    private static final int SET_ATIME_NOW = 1 << 7;
    private static final int SET_MTIME_NOW = 1 << 8;

    private static final class Lib {
        static final MethodHandle REPLY_ERR;
        static final MethodHandle REPLY_NONE;
        static final MethodHandle REPLY_ENTRY;
        static final MethodHandle REPLY_CREATE;
        static final MethodHandle REPLY_ATTR;
        static final MethodHandle REPLY_READLINK;
        static final MethodHandle REPLY_OPEN;
        static final MethodHandle REPLY_WRITE;
        static final MethodHandle REPLY_BUF;
        static final MethodHandle REPLY_STATFS;
        static final MethodHandle REPLY_XATTR;
        static final MethodHandle ADD_DIRENTRY;
        static final MethodHandle REQ_CTX;

        static {
            SymbolLookup lib = SymbolLookup.libraryLookup("libfuse.so.2", Arena.global());
            ValueLayout a = ValueLayout.ADDRESS;
            REPLY_ERR = h(lib, "fuse_reply_err", FunctionDescriptor.of(U32, a, U32));
            REPLY_NONE = h(lib, "fuse_reply_none", FunctionDescriptor.ofVoid(a));
            REPLY_ENTRY = h(lib, "fuse_reply_entry", FunctionDescriptor.of(U32, a, a));
            REPLY_CREATE = h(lib, "fuse_reply_create", FunctionDescriptor.of(U32, a, a, a));
            REPLY_ATTR = h(lib, "fuse_reply_attr", FunctionDescriptor.of(U32, a, a, ValueLayout.JAVA_DOUBLE));
            REPLY_READLINK = h(lib, "fuse_reply_readlink", FunctionDescriptor.of(U32, a, a));
            REPLY_OPEN = h(lib, "fuse_reply_open", FunctionDescriptor.of(U32, a, a));
            REPLY_WRITE = h(lib, "fuse_reply_write", FunctionDescriptor.of(U32, a, U64));
            REPLY_BUF = h(lib, "fuse_reply_buf", FunctionDescriptor.of(U32, a, a, U64));
            REPLY_STATFS = h(lib, "fuse_reply_statfs", FunctionDescriptor.of(U32, a, a));
            REPLY_XATTR = h(lib, "fuse_reply_xattr", FunctionDescriptor.of(U32, a, U64));
            ADD_DIRENTRY = h(lib, "fuse_add_direntry", FunctionDescriptor.of(U64, a, a, U64, a, a, U64));
            REQ_CTX = h(lib, "fuse_req_ctx", FunctionDescriptor.of(a, a));
        }

        private static MethodHandle h(SymbolLookup lib, String name, FunctionDescriptor fd) {
            return LINKER.downcallHandle(lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd);
        }
    }

    /** Per request thread: the structures replies are built in, and a growable data buffer. */
    private static final class Scratch {
        final Arena arena = Arena.ofAuto();
        final MemorySegment stat = arena.allocate(STAT_SIZE, 8);
        final MemorySegment entry = arena.allocate(ENTRY_SIZE, 8);
        final MemorySegment statvfs = arena.allocate(STATVFS_SIZE, 8);
        final MemorySegment fileInfo = arena.allocate(FI_SIZE, 8);
        final MemorySegment name = arena.allocate(512);
        MemorySegment data = arena.allocate(128 * 1024 + 4096, 4096);

        MemorySegment data(long size) {
            if (data.byteSize() < size) {
                data = Arena.ofAuto().allocate(size, 4096);
            }
            return data;
        }
    }

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final Vfs vfs;
    private final boolean readOnly;
    private final double attrTimeout;
    private final double entryTimeout;
    private final double negativeTimeout;
    private final MemorySegment operations;

    LowLevelFuse(Vfs vfs, FuseTuning tuning) {
        this.vfs = vfs;
        this.readOnly = tuning.readOnly();
        this.attrTimeout = tuning.attrTimeout();
        this.entryTimeout = tuning.entryTimeout();
        this.negativeTimeout = tuning.negativeTimeout();
        this.operations = Arena.global().allocate(8L * OPS, 8);
        ValueLayout a = ValueLayout.ADDRESS;
        ValueLayout.OfLong l = U64;
        ValueLayout.OfInt i = U32;
        op(OP_INIT, "init", FunctionDescriptor.ofVoid(a, a));
        op(OP_LOOKUP, "lookup", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_FORGET, "forget", FunctionDescriptor.ofVoid(a, l, l));
        op(OP_GETATTR, "getattr", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_SETATTR, "setattr", FunctionDescriptor.ofVoid(a, l, a, i, a));
        op(OP_READLINK, "readlink", FunctionDescriptor.ofVoid(a, l));
        op(OP_MKNOD, "mknod", FunctionDescriptor.ofVoid(a, l, a, i, l));
        op(OP_MKDIR, "mkdir", FunctionDescriptor.ofVoid(a, l, a, i));
        op(OP_UNLINK, "unlink", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_RMDIR, "rmdir", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_SYMLINK, "symlink", FunctionDescriptor.ofVoid(a, a, l, a));
        op(OP_RENAME, "rename", FunctionDescriptor.ofVoid(a, l, a, l, a));
        op(OP_LINK, "link", FunctionDescriptor.ofVoid(a, l, l, a));
        op(OP_OPEN, "open", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_READ, "read", FunctionDescriptor.ofVoid(a, l, l, l, a));
        op(OP_WRITE, "write", FunctionDescriptor.ofVoid(a, l, a, l, l, a));
        op(OP_FLUSH, "flush", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_RELEASE, "release", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_FSYNC, "fsync", FunctionDescriptor.ofVoid(a, l, i, a));
        op(OP_OPENDIR, "opendir", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_READDIR, "readdir", FunctionDescriptor.ofVoid(a, l, l, l, a));
        op(OP_RELEASEDIR, "releasedir", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_FSYNCDIR, "fsyncdir", FunctionDescriptor.ofVoid(a, l, i, a));
        op(OP_STATFS, "statfs", FunctionDescriptor.ofVoid(a, l));
        op(OP_SETXATTR, "setxattr", FunctionDescriptor.ofVoid(a, l, a, a, l, i));
        op(OP_GETXATTR, "getxattr", FunctionDescriptor.ofVoid(a, l, a, l));
        op(OP_LISTXATTR, "listxattr", FunctionDescriptor.ofVoid(a, l, l));
        op(OP_REMOVEXATTR, "removexattr", FunctionDescriptor.ofVoid(a, l, a));
        op(OP_ACCESS, "access", FunctionDescriptor.ofVoid(a, l, i));
        op(OP_CREATE, "create", FunctionDescriptor.ofVoid(a, l, a, i, a));
        op(OP_FALLOCATE, "fallocate", FunctionDescriptor.ofVoid(a, l, i, l, l, a));
    }

    /** The struct fuse_lowlevel_ops to hand libfuse (alive as long as this object). */
    MemorySegment operations() {
        return operations;
    }

    private void op(int slot, String method, FunctionDescriptor fd) {
        try {
            MethodType type = fd.toMethodType();
            MethodHandle target = MethodHandles.lookup().findVirtual(LowLevelFuse.class, method, type).bindTo(this);
            MemorySegment stub = LINKER.upcallStub(target, fd, Arena.global());
            operations.setAtIndex(ValueLayout.ADDRESS, slot, stub);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no handler for " + method, e);
        }
    }

    // ------------------------------------------------------------ plumbing

    private static String string(MemorySegment cstr) {
        return cstr.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    private static Caller caller(MemorySegment req) throws Throwable {
        MemorySegment ctx = ((MemorySegment) Lib.REQ_CTX.invokeExact(req)).reinterpret(CTX_SIZE);
        int uid = ctx.get(U32, 0);
        int gid = ctx.get(U32, 4);
        int pid = ctx.get(U32, 8);
        int umask = ctx.get(U32, 12);
        return new Caller(uid, gid, new ProcGroups(pid), umask);
    }

    private static MemorySegment fi(MemorySegment fi) {
        return fi.reinterpret(FI_SIZE);
    }

    private static long fh(MemorySegment fi) {
        return fi(fi).get(U64, FI_FH);
    }

    private static void fill(MemorySegment st, Inode i) {
        st.fill((byte) 0);
        st.set(U64, ST_INO, i.ino());
        st.set(U64, ST_NLINK, i.nlink());
        st.set(U32, ST_MODE, i.mode());
        st.set(U32, ST_UID, i.uid());
        st.set(U32, ST_GID, i.gid());
        st.set(U64, ST_RDEV, i.rdev());
        st.set(U64, ST_SIZE, i.size());
        st.set(U64, ST_BLKSIZE, FuseTuning.MAX_WRITE);
        st.set(U64, ST_BLOCKS, i.blocks());
        time(st, ST_ATIME, i.atime());
        time(st, ST_MTIME, i.mtime());
        time(st, ST_CTIME, i.ctime());
    }

    private static void time(MemorySegment st, int off, Time t) {
        st.set(U64, off, t.sec());
        st.set(U64, off + 8, t.nsec());
    }

    private MemorySegment entry(Inode i) {
        MemorySegment e = scratch.get().entry;
        e.fill((byte) 0);
        e.set(U64, EP_INO, i.ino());
        fill(e.asSlice(EP_ATTR, STAT_SIZE), i);
        e.set(ValueLayout.JAVA_DOUBLE, EP_ATTR_TIMEOUT, attrTimeout);
        e.set(ValueLayout.JAVA_DOUBLE, EP_ENTRY_TIMEOUT, entryTimeout);
        return e;
    }

    private static void replyErr(MemorySegment req, int errno) {
        try {
            int ignored = (int) Lib.REPLY_ERR.invokeExact(req, errno);
        } catch (Throwable t) {
            LOG.error("fuse_reply_err failed", t);
        }
    }

    /** Answers the request with the error a failure stands for. */
    private static void fail(MemorySegment req, String op, Throwable t) {
        if (t instanceof FsException e) {
            replyErr(req, -ErrnoMapping.negative(e));
        } else {
            LOG.error("{}: unexpected failure", op, t);
            replyErr(req, -ErrnoMapping.unexpected());
        }
    }

    private void replyEntry(MemorySegment req, Inode i) throws Throwable {
        int ignored = (int) Lib.REPLY_ENTRY.invokeExact(req, entry(i));
    }

    private void replyAttr(MemorySegment req, Inode i) throws Throwable {
        MemorySegment st = scratch.get().stat;
        fill(st, i);
        int ignored = (int) Lib.REPLY_ATTR.invokeExact(req, st, attrTimeout);
    }

    // ------------------------------------------------------------ operations (upcalls)

    void init(MemorySegment userdata, MemorySegment conn) {
        try {
            MemorySegment c = conn.reinterpret(64);
            if ((c.get(U32, CONN_CAPABLE) & FUSE_CAP_ATOMIC_O_TRUNC) != 0) {
                // open(O_TRUNC) arrives as one request instead of a setattr and an open
                c.set(U32, CONN_WANT, c.get(U32, CONN_WANT) | FUSE_CAP_ATOMIC_O_TRUNC);
            }
        } catch (Throwable t) {
            LOG.error("init", t);
        }
    }

    void lookup(MemorySegment req, long parent, MemorySegment name) {
        try {
            replyEntry(req, vfs.lookup(caller(req), parent, string(name)));
        } catch (FsException e) {
            if (e.errno() == Errno.ENOENT && negativeTimeout > 0) {
                negative(req);
            } else {
                fail(req, "lookup", e);
            }
        } catch (Throwable t) {
            fail(req, "lookup", t);
        }
    }

    /** "No such entry", cached by the kernel for the negative timeout (inode 0). */
    private void negative(MemorySegment req) {
        try {
            MemorySegment e = scratch.get().entry;
            e.fill((byte) 0);
            e.set(ValueLayout.JAVA_DOUBLE, EP_ENTRY_TIMEOUT, negativeTimeout);
            int ignored = (int) Lib.REPLY_ENTRY.invokeExact(req, e);
        } catch (Throwable t) {
            fail(req, "lookup", t);
        }
    }

    void forget(MemorySegment req, long ino, long nlookup) {
        try {
            vfs.forget(ino, nlookup);
        } catch (Throwable t) {
            LOG.warn("forget of inode {}: {}", ino, t.toString());
        }
        try {
            Lib.REPLY_NONE.invokeExact(req);
        } catch (Throwable t) {
            LOG.error("fuse_reply_none failed", t);
        }
    }

    void getattr(MemorySegment req, long ino, MemorySegment fi) {
        try {
            replyAttr(req, vfs.getattr(ino));
        } catch (Throwable t) {
            fail(req, "getattr", t);
        }
    }

    void setattr(MemorySegment req, long ino, MemorySegment attr, int toSet, MemorySegment fi) {
        try {
            Caller c = caller(req);
            MemorySegment st = attr.reinterpret(STAT_SIZE);
            Inode result = null;
            if ((toSet & SET_MODE) != 0) {
                result = vfs.chmod(c, ino, st.get(U32, ST_MODE) & 07777);
            }
            if ((toSet & (SET_UID | SET_GID)) != 0) {
                result = vfs.chown(c, ino, (toSet & SET_UID) != 0 ? st.get(U32, ST_UID) : -1,
                        (toSet & SET_GID) != 0 ? st.get(U32, ST_GID) : -1);
            }
            if ((toSet & SET_SIZE) != 0) {
                long size = st.get(U64, ST_SIZE);
                result = fi.equals(NULL) ? vfs.truncate(c, ino, size) : vfs.ftruncate(fh(fi), size);
            }
            if ((toSet & (SET_ATIME | SET_MTIME | SET_ATIME_NOW | SET_MTIME_NOW)) != 0) {
                TimeChange a = (toSet & SET_ATIME_NOW) != 0 ? TimeChange.NOW : (toSet & SET_ATIME) != 0
                        ? TimeChange.to(new Time(st.get(U64, ST_ATIME), (int) st.get(U64, ST_ATIME + 8)))
                        : TimeChange.OMIT;
                TimeChange m = (toSet & SET_MTIME_NOW) != 0 ? TimeChange.NOW : (toSet & SET_MTIME) != 0
                        ? TimeChange.to(new Time(st.get(U64, ST_MTIME), (int) st.get(U64, ST_MTIME + 8)))
                        : TimeChange.OMIT;
                result = vfs.utimens(c, ino, a, m);
            }
            replyAttr(req, result != null ? result : vfs.getattr(ino));
        } catch (Throwable t) {
            fail(req, "setattr", t);
        }
    }

    void readlink(MemorySegment req, long ino) {
        try {
            MemorySegment s = scratch.get().arena.allocateFrom(vfs.readlink(ino));
            int ignored = (int) Lib.REPLY_READLINK.invokeExact(req, s);
        } catch (Throwable t) {
            fail(req, "readlink", t);
        }
    }

    void mknod(MemorySegment req, long parent, MemorySegment name, int mode, long rdev) {
        try {
            replyEntry(req, vfs.mknod(caller(req), parent, string(name), mode, rdev));
        } catch (Throwable t) {
            fail(req, "mknod", t);
        }
    }

    void mkdir(MemorySegment req, long parent, MemorySegment name, int mode) {
        try {
            replyEntry(req, vfs.mkdir(caller(req), parent, string(name), mode));
        } catch (Throwable t) {
            fail(req, "mkdir", t);
        }
    }

    void unlink(MemorySegment req, long parent, MemorySegment name) {
        try {
            vfs.unlink(caller(req), parent, string(name));
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "unlink", t);
        }
    }

    void rmdir(MemorySegment req, long parent, MemorySegment name) {
        try {
            vfs.rmdir(caller(req), parent, string(name));
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "rmdir", t);
        }
    }

    void symlink(MemorySegment req, MemorySegment link, long parent, MemorySegment name) {
        try {
            replyEntry(req, vfs.symlink(caller(req), string(link), parent, string(name)));
        } catch (Throwable t) {
            fail(req, "symlink", t);
        }
    }

    void rename(MemorySegment req, long parent, MemorySegment name, long newParent, MemorySegment newName) {
        try {
            vfs.rename(caller(req), parent, string(name), newParent, string(newName), RenameMode.REPLACE);
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "rename", t);
        }
    }

    void link(MemorySegment req, long ino, long newParent, MemorySegment newName) {
        try {
            replyEntry(req, vfs.link(caller(req), ino, newParent, string(newName)));
        } catch (Throwable t) {
            fail(req, "link", t);
        }
    }

    void open(MemorySegment req, long ino, MemorySegment fi) {
        try {
            MemorySegment f = fi(fi);
            long fh = vfs.open(caller(req), ino, f.get(U32, FI_FLAGS));
            f.set(U64, FI_FH, fh);
            // Only this mount changes the files, and all names of a file are one kernel inode:
            // the kernel's page cache stays valid across opens.
            f.set(U32, FI_BITS, f.get(U32, FI_BITS) | FI_KEEP_CACHE);
            int ignored = (int) Lib.REPLY_OPEN.invokeExact(req, f);
        } catch (Throwable t) {
            fail(req, "open", t);
        }
    }

    void create(MemorySegment req, long parent, MemorySegment name, int mode, MemorySegment fi) {
        try {
            MemorySegment f = fi(fi);
            Opened o = vfs.create(caller(req), parent, string(name), mode, f.get(U32, FI_FLAGS));
            f.set(U64, FI_FH, o.handle());
            f.set(U32, FI_BITS, f.get(U32, FI_BITS) | FI_KEEP_CACHE);
            int ignored = (int) Lib.REPLY_CREATE.invokeExact(req, entry(o.attr()), f);
        } catch (Throwable t) {
            fail(req, "create", t);
        }
    }

    void read(MemorySegment req, long ino, long size, long off, MemorySegment fi) {
        try {
            MemorySegment buf = scratch.get().data(size);
            int n = vfs.read(fh(fi), off, buf.asSlice(0, size).asByteBuffer());
            int ignored = (int) Lib.REPLY_BUF.invokeExact(req, buf, (long) n);
        } catch (Throwable t) {
            fail(req, "read", t);
        }
    }

    void write(MemorySegment req, long ino, MemorySegment buf, long size, long off, MemorySegment fi) {
        try {
            int n = vfs.write(caller(req), fh(fi), off, buf.reinterpret(size).asByteBuffer());
            int ignored = (int) Lib.REPLY_WRITE.invokeExact(req, (long) n);
        } catch (Throwable t) {
            fail(req, "write", t);
        }
    }

    void fallocate(MemorySegment req, long ino, int mode, long offset, long length, MemorySegment fi) {
        try {
            vfs.fallocate(caller(req), fh(fi), mode, offset, length);
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "fallocate", t);
        }
    }

    void flush(MemorySegment req, long ino, MemorySegment fi) {
        try {
            vfs.flush(fh(fi));
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "flush", t);
        }
    }

    void release(MemorySegment req, long ino, MemorySegment fi) {
        try {
            vfs.release(fh(fi));
            replyErr(req, 0);
        } catch (FsException e) {
            // the kernel ignores release's answer; flush already reported any error
            LOG.warn("release of inode {}: {}", ino, e.getMessage());
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "release", t);
        }
    }

    void fsync(MemorySegment req, long ino, int datasync, MemorySegment fi) {
        try {
            vfs.fsync(fh(fi), datasync != 0);
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "fsync", t);
        }
    }

    void opendir(MemorySegment req, long ino, MemorySegment fi) {
        try {
            MemorySegment f = fi(fi);
            f.set(U64, FI_FH, vfs.opendir(caller(req), ino));
            int ignored = (int) Lib.REPLY_OPEN.invokeExact(req, f);
        } catch (Throwable t) {
            fail(req, "opendir", t);
        }
    }

    void readdir(MemorySegment req, long ino, long size, long off, MemorySegment fi) {
        try {
            Scratch s = scratch.get();
            List<DirEntry> entries = vfs.readdir(fh(fi), off);
            MemorySegment buf = s.data(size);
            long used = 0;
            long next = off;
            for (DirEntry d : entries) {
                s.stat.fill((byte) 0);
                s.stat.set(U64, ST_INO, d.ino());
                s.stat.set(U32, ST_MODE, d.type().modeBits());
                byte[] name = d.name().getBytes(StandardCharsets.UTF_8);
                MemorySegment.copy(name, 0, s.name, ValueLayout.JAVA_BYTE, 0, name.length);
                s.name.set(ValueLayout.JAVA_BYTE, name.length, (byte) 0);
                long need = (long) Lib.ADD_DIRENTRY.invokeExact(req, buf.asSlice(used), size - used, s.name, s.stat,
                        next + 1);
                if (need > size - used) {
                    break;
                }
                used += need;
                next++;
            }
            int ignored = (int) Lib.REPLY_BUF.invokeExact(req, buf, used);
        } catch (Throwable t) {
            fail(req, "readdir", t);
        }
    }

    void releasedir(MemorySegment req, long ino, MemorySegment fi) {
        try {
            vfs.releasedir(fh(fi));
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "releasedir", t);
        }
    }

    void fsyncdir(MemorySegment req, long ino, int datasync, MemorySegment fi) {
        try {
            vfs.fsyncdir(fh(fi));
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "fsyncdir", t);
        }
    }

    void statfs(MemorySegment req, long ino) {
        try {
            FsStats f = vfs.statfs();
            MemorySegment st = scratch.get().statvfs;
            st.fill((byte) 0);
            st.set(U64, 0, f.blockSize());
            st.set(U64, 8, f.blockSize());
            st.set(U64, 16, f.totalBlocks());
            st.set(U64, 24, f.freeBlocks());
            st.set(U64, 32, f.availableBlocks());
            st.set(U64, 40, f.totalFiles());
            st.set(U64, 48, f.freeFiles());
            st.set(U64, 56, f.freeFiles());
            st.set(U64, 72, readOnly ? 1 : 0); // ST_RDONLY
            st.set(U64, 80, f.nameMax());
            int ignored = (int) Lib.REPLY_STATFS.invokeExact(req, st);
        } catch (Throwable t) {
            fail(req, "statfs", t);
        }
    }

    void setxattr(MemorySegment req, long ino, MemorySegment name, MemorySegment value, long size, int flags) {
        try {
            byte[] v = value.reinterpret(size).toArray(ValueLayout.JAVA_BYTE);
            vfs.setxattr(caller(req), ino, string(name), v, XattrMode.fromFlags(flags));
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "setxattr", t);
        }
    }

    void getxattr(MemorySegment req, long ino, MemorySegment name, long size) {
        try {
            replyBytes(req, vfs.getxattr(caller(req), ino, string(name)), size);
        } catch (Throwable t) {
            fail(req, "getxattr", t);
        }
    }

    void listxattr(MemorySegment req, long ino, long size) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String n : vfs.listxattr(caller(req), ino)) {
                out.writeBytes(n.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
            replyBytes(req, out.toByteArray(), size);
        } catch (Throwable t) {
            fail(req, "listxattr", t);
        }
    }

    /** xattr answers: the size when asked with size 0, ERANGE when it does not fit, else the bytes. */
    private void replyBytes(MemorySegment req, byte[] value, long size) throws Throwable {
        if (size == 0) {
            int ignored = (int) Lib.REPLY_XATTR.invokeExact(req, (long) value.length);
        } else if (size < value.length) {
            replyErr(req, -ErrnoMapping.negative(Errno.ERANGE));
        } else {
            MemorySegment buf = scratch.get().data(Math.max(1, value.length));
            MemorySegment.copy(value, 0, buf, ValueLayout.JAVA_BYTE, 0, value.length);
            int ignored = (int) Lib.REPLY_BUF.invokeExact(req, buf, (long) value.length);
        }
    }

    void removexattr(MemorySegment req, long ino, MemorySegment name) {
        try {
            vfs.removexattr(caller(req), ino, string(name));
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "removexattr", t);
        }
    }

    void access(MemorySegment req, long ino, int mask) {
        try {
            vfs.access(caller(req), ino, mask);
            replyErr(req, 0);
        } catch (Throwable t) {
            fail(req, "access", t);
        }
    }
}
