package dcfs.tools.recover;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The few libc calls Java's file API cannot make exactly, so a recovered tree gets back every bit
 * the filesystem kept: setuid/setgid/sticky with chmod, owners of symlinks (lchown), nanosecond
 * times without following symlinks (utimensat), extended attributes of every namespace and on
 * symlinks (lsetxattr), FIFOs, sockets and devices (mknod). Linux x86-64/aarch64 ABI.
 */
final class PosixFiles {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    private static final MethodHandle CHMOD = call("chmod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LCHOWN = call("lchown", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT,
            JAVA_INT));
    private static final MethodHandle UTIMENSAT = call("utimensat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            ADDRESS, JAVA_INT));
    private static final MethodHandle LSETXATTR = call("lsetxattr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
            ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MKNOD = call("mknod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT,
            JAVA_LONG));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle GETEUID = LINKER.downcallHandle(LIBC.find("geteuid").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT));

    private PosixFiles() {
    }

    private static MethodHandle call(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), d, Linker.Option.captureCallState("errno"));
    }

    static boolean isRoot() {
        try {
            return (int) GETEUID.invokeExact() == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    /** chmod(2) with all twelve permission bits (never on a symlink). */
    static void chmod(Path p, int perm) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            check("chmod", p, st, (int) CHMOD.invokeExact(st, path(a, p), perm));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("chmod " + p + ": " + t, t);
        }
    }

    static void lchown(Path p, int uid, int gid) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            check("lchown", p, st, (int) LCHOWN.invokeExact(st, path(a, p), uid, gid));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("lchown " + p + ": " + t, t);
        }
    }

    /** Access and modification times to the nanosecond, of the link itself for symlinks. */
    static void setTimes(Path p, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment times = a.allocate(JAVA_LONG, 4);
            times.setAtIndex(JAVA_LONG, 0, atimeSec);
            times.setAtIndex(JAVA_LONG, 1, atimeNsec);
            times.setAtIndex(JAVA_LONG, 2, mtimeSec);
            times.setAtIndex(JAVA_LONG, 3, mtimeNsec);
            MemorySegment st = a.allocate(CAPTURE);
            check("utimensat", p, st, (int) UTIMENSAT.invokeExact(st, AT_FDCWD, path(a, p), times,
                    AT_SYMLINK_NOFOLLOW));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("utimensat " + p + ": " + t, t);
        }
    }

    static void setXattr(Path p, String name, byte[] value) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, JAVA_BYTE_LAYOUT, 0, value.length);
            MemorySegment st = a.allocate(CAPTURE);
            check("setxattr " + name, p, st, (int) LSETXATTR.invokeExact(st, path(a, p), a.allocateFrom(name), v,
                    (long) value.length, 0));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("setxattr " + p + ": " + t, t);
        }
    }

    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE_LAYOUT = java.lang.foreign.ValueLayout.JAVA_BYTE;

    /** mknod(2): {@code mode} carries the file type bits (S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK). */
    static void mknod(Path p, int mode, long rdev) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            check("mknod", p, st, (int) MKNOD.invokeExact(st, path(a, p), mode, rdev));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("mknod " + p + ": " + t, t);
        }
    }

    private static MemorySegment path(Arena a, Path p) {
        return a.allocateFrom(p.toString());
    }

    private static void check(String what, Path p, MemorySegment state, int rc) throws IOException {
        if (rc == 0) {
            return;
        }
        int errno = (int) ERRNO.get(state, 0L);
        throw new IOException(what + " " + p + ": " + strerror(errno));
    }

    private static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
