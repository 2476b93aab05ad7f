package dcfs.fsmount;

import dcfs.vfs.Caller;
import dcfs.vfs.DirEntry;
import dcfs.vfs.FsException;
import dcfs.vfs.FsStats;
import dcfs.vfs.Opened;
import dcfs.vfs.RenameMode;
import dcfs.vfs.Vfs;
import dcfs.vfs.XattrMode;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.Time;
import dcfs.vfs.inode.TimeChange;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * The FUSE operations of a dcfs mount: each callback is one {@link Vfs} call; every vfs failure
 * goes through {@link ErrnoMapping}; anything unexpected is logged and becomes EIO. Operations
 * not overridden here stay ENOSYS (locks then stay local to the kernel, which is what a single
 * mount wants).
 *
 * <p>Operations on open handles use the handle, never the path: with {@code hard_remove} and the
 * {@code nullpath_ok}/{@code nopath} flags set, libfuse passes no path for them.
 */
final class DcfsFuse extends FuseStubFS {
    private static final Logger LOG = LoggerFactory.getLogger(DcfsFuse.class);
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    /** Bits of fuse_operations' flag word (libfuse 2.9): nullpath_ok, nopath, utime_omit_ok. */
    private static final int FLAG_NULLPATH_OK = 1;
    private static final int FLAG_NOPATH = 2;
    private static final int FLAG_UTIME_OMIT_OK = 4;

    private final Vfs vfs;
    private final boolean readOnly;

    DcfsFuse(Vfs vfs, boolean readOnly) {
        this.vfs = vfs;
        this.readOnly = readOnly;
        // The flag word follows the bmap pointer in struct fuse_operations; jnr-fuse declares it
        // as padding, so it is set here by offset.
        int flagsOffset = (int) fuseOperations.bmap.offset() + Runtime.getSystemRuntime().addressSize();
        Struct.getMemory(fuseOperations).putInt(flagsOffset, FLAG_NULLPATH_OK | FLAG_NOPATH | FLAG_UTIME_OMIT_OK);
    }

    @Override
    protected String getFSName() {
        return "dcfs";
    }

    /** The operations table libfuse calls (set up by jnr-fuse from the overridden methods). */
    ru.serce.jnrfuse.struct.FuseOperations operations() {
        return fuseOperations;
    }

    private Caller caller() {
        FuseContext ctx = getContext();
        long pid = ctx.pid.get();
        return new Caller((int) ctx.uid.get(), (int) ctx.gid.get(), new ProcGroups(pid), (int) ctx.umask.get());
    }

    private static int fail(String op, String path, RuntimeException e) {
        LOG.error("{} {}: unexpected failure", op, path, e);
        return ErrnoMapping.unexpected();
    }

    private static ByteBuffer buffer(Pointer p, long size) {
        return MemorySegment.ofAddress(p.address()).reinterpret(size).asByteBuffer();
    }

    static void fill(FileStat st, Inode i) {
        st.st_mode.set(i.mode());
        st.st_ino.set(i.ino());
        st.st_nlink.set(i.nlink());
        st.st_uid.set(Integer.toUnsignedLong(i.uid()));
        st.st_gid.set(Integer.toUnsignedLong(i.gid()));
        st.st_rdev.set(i.rdev());
        st.st_size.set(i.size());
        st.st_blksize.set(FuseTuning.MAX_WRITE);
        st.st_blocks.set(i.blocks());
        st.st_atim.tv_sec.set(i.atime().sec());
        st.st_atim.tv_nsec.set(i.atime().nsec());
        st.st_mtim.tv_sec.set(i.mtime().sec());
        st.st_mtim.tv_nsec.set(i.mtime().nsec());
        st.st_ctim.tv_sec.set(i.ctime().sec());
        st.st_ctim.tv_nsec.set(i.ctime().nsec());
    }

    // ------------------------------------------------------------ attributes and names

    @Override
    public int getattr(String path, FileStat stat) {
        try {
            fill(stat, vfs.getattr(caller(), path));
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("getattr", path, e);
        }
    }

    @Override
    public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
        try {
            fill(stat, vfs.fgetattr(fi.fh.get()));
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("fgetattr", path, e);
        }
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        try {
            byte[] target = vfs.readlink(caller(), path).getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(target.length, size - 1);
            buf.put(0, target, 0, n);
            buf.putByte(n, (byte) 0);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("readlink", path, e);
        }
    }

    @Override
    public int access(String path, int mask) {
        try {
            vfs.access(caller(), path, mask);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("access", path, e);
        }
    }

    @Override
    public int statfs(String path, Statvfs st) {
        try {
            FsStats s = vfs.statfs();
            st.f_bsize.set(s.blockSize());
            st.f_frsize.set(s.blockSize());
            st.f_blocks.set(s.totalBlocks());
            st.f_bfree.set(s.freeBlocks());
            st.f_bavail.set(s.availableBlocks());
            st.f_files.set(s.totalFiles());
            st.f_ffree.set(s.freeFiles());
            st.f_favail.set(s.freeFiles());
            st.f_namemax.set(s.nameMax());
            if (readOnly) {
                st.f_flag.set(Statvfs.ST_RDONLY);
            }
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("statfs", path, e);
        }
    }

    // ------------------------------------------------------------ creation and removal

    @Override
    public int mknod(String path, @mode_t long mode, long rdev) {
        try {
            vfs.mknod(caller(), path, (int) mode, rdev);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("mknod", path, e);
        }
    }

    @Override
    public int mkdir(String path, @mode_t long mode) {
        try {
            vfs.mkdir(caller(), path, (int) mode);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("mkdir", path, e);
        }
    }

    @Override
    public int symlink(String target, String linkPath) {
        try {
            vfs.symlink(caller(), target, linkPath);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("symlink", linkPath, e);
        }
    }

    @Override
    public int link(String existing, String newPath) {
        try {
            vfs.link(caller(), existing, newPath);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("link", newPath, e);
        }
    }

    @Override
    public int unlink(String path) {
        try {
            vfs.unlink(caller(), path);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("unlink", path, e);
        }
    }

    @Override
    public int rmdir(String path) {
        try {
            vfs.rmdir(caller(), path);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("rmdir", path, e);
        }
    }

    @Override
    public int rename(String from, String to) {
        try {
            vfs.rename(caller(), from, to, RenameMode.REPLACE);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("rename", from, e);
        }
    }

    // ------------------------------------------------------------ attribute changes

    @Override
    public int chmod(String path, @mode_t long mode) {
        try {
            vfs.chmod(caller(), path, (int) mode);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("chmod", path, e);
        }
    }

    @Override
    public int chown(String path, long uid, long gid) {
        try {
            vfs.chown(caller(), path, (int) uid, (int) gid);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("chown", path, e);
        }
    }

    @Override
    public int truncate(String path, @off_t long size) {
        try {
            vfs.truncate(caller(), path, size);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("truncate", path, e);
        }
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        try {
            vfs.ftruncate(fi.fh.get(), size);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("ftruncate", path, e);
        }
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        try {
            vfs.utimens(caller(), path, change(timespec[0]), change(timespec[1]));
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("utimens", path, e);
        }
    }

    private static TimeChange change(Timespec t) {
        long nsec = t.tv_nsec.longValue();
        if (nsec == UTIME_NOW) {
            return TimeChange.NOW;
        }
        if (nsec == UTIME_OMIT) {
            return TimeChange.OMIT;
        }
        return TimeChange.to(new Time(t.tv_sec.get(), (int) nsec));
    }

    // ------------------------------------------------------------ files

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        try {
            Opened o = vfs.create(caller(), path, (int) mode, fi.flags.get());
            fi.fh.set(o.handle());
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("create", path, e);
        }
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        try {
            fi.fh.set(vfs.open(caller(), path, fi.flags.get()));
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("open", path, e);
        }
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        try {
            return vfs.read(fi.fh.get(), offset, buffer(buf, size));
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("read", path, e);
        }
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        try {
            return vfs.write(caller(), fi.fh.get(), offset, buffer(buf, size));
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("write", path, e);
        }
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        try {
            vfs.flush(fi.fh.get());
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("flush", path, e);
        }
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        try {
            vfs.fsync(fi.fh.get(), isdatasync != 0);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("fsync", path, e);
        }
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        try {
            vfs.release(fi.fh.get());
            return 0;
        } catch (FsException e) {
            // the kernel ignores release's result; the error was reported by flush already
            LOG.warn("release of handle {}: {}", fi.fh.get(), e.getMessage());
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("release", path, e);
        }
    }

    // ------------------------------------------------------------ directories

    @Override
    public int opendir(String path, FuseFileInfo fi) {
        try {
            fi.fh.set(vfs.opendir(caller(), path));
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("opendir", path, e);
        }
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        try {
            List<DirEntry> entries = vfs.readdir(fi.fh.get());
            // One pass with offset 0: libfuse keeps the whole listing for this handle.
            Pointer stat = jnr.ffi.Memory.allocateDirect(Runtime.getSystemRuntime(), 160, true);
            FileStat st = FileStat.of(stat);
            for (DirEntry d : entries) {
                st.st_ino.set(d.ino());
                st.st_mode.set(d.type().modeBits());
                byte[] name = d.name().getBytes(StandardCharsets.UTF_8);
                ByteBuffer cname = ByteBuffer.allocate(name.length + 1).put(name).put((byte) 0).flip();
                if (filler.apply(buf, cname, stat, 0) != 0) {
                    break;
                }
            }
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("readdir", path, e);
        }
    }

    @Override
    public int releasedir(String path, FuseFileInfo fi) {
        try {
            vfs.releasedir(fi.fh.get());
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("releasedir", path, e);
        }
    }

    @Override
    public int fsyncdir(String path, FuseFileInfo fi) {
        try {
            vfs.fsyncdir(fi.fh.get());
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("fsyncdir", path, e);
        }
    }

    // ------------------------------------------------------------ extended attributes

    @Override
    public int setxattr(String path, String name, Pointer value, @size_t long size, int flags) {
        try {
            byte[] v = new byte[(int) size];
            value.get(0, v, 0, v.length);
            vfs.setxattr(caller(), path, name, v, XattrMode.fromFlags(flags));
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("setxattr", path, e);
        }
    }

    @Override
    public int getxattr(String path, String name, Pointer value, @size_t long size) {
        try {
            byte[] v = vfs.getxattr(caller(), path, name);
            if (size == 0) {
                return v.length;
            }
            if (size < v.length) {
                return ErrnoMapping.negative(dcfs.vfs.Errno.ERANGE);
            }
            value.put(0, v, 0, v.length);
            return v.length;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("getxattr", path, e);
        }
    }

    @Override
    public int listxattr(String path, Pointer list, @size_t long size) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (String n : vfs.listxattr(caller(), path)) {
                out.writeBytes(n.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
            byte[] all = out.toByteArray();
            if (size == 0) {
                return all.length;
            }
            if (size < all.length) {
                return ErrnoMapping.negative(dcfs.vfs.Errno.ERANGE);
            }
            list.put(0, all, 0, all.length);
            return all.length;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("listxattr", path, e);
        }
    }

    @Override
    public int removexattr(String path, String name) {
        try {
            vfs.removexattr(caller(), path, name);
            return 0;
        } catch (FsException e) {
            return ErrnoMapping.negative(e);
        } catch (RuntimeException e) {
            return fail("removexattr", path, e);
        }
    }
}
