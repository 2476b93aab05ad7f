package dcfs.fsmount;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /dev/fuse} channel of a low-level mount: requests are read and replies written here
 * instead of in libfuse 2's own channel, so that the INIT reply can ask for 1 MiB requests
 * (docs/fs-mount.md, "1 MiB requests").
 *
 * <p>Why: libfuse 2 speaks FUSE 7.19 and cannot negotiate {@code FUSE_MAX_PAGES} (7.28), so the
 * kernel cuts every read and write into 128 KiB requests, and each request is a round trip with two
 * context switches. When the kernel offers {@code FUSE_MAX_PAGES}, this channel widens libfuse's
 * INIT reply to the full 64-byte {@code fuse_init_out} with that flag, {@code max_pages = 256} and
 * {@code max_write = 1 MiB}; libfuse itself never looks at request sizes, and every reply it writes
 * afterwards passes through unchanged. Measured with a minimal server on this project's machines:
 * 1 GiB read through FUSE in 0.85 s with 128 KiB requests, 0.31–0.38 s with 1 MiB requests.
 *
 * <p>libfuse calls {@link #send} (an upcall) for every reply; the callers are our own FUSE worker
 * threads, already attached to the JVM.
 */
final class FuseChannel {
    private static final Logger LOG = LoggerFactory.getLogger(FuseChannel.class);
    private static final Linker LINKER = Linker.nativeLinker();

    static final int FUSE_READ = 15;
    static final int FUSE_WRITE = 16;
    static final int FUSE_INIT = 26;
    /** {@code fuse_init_in.flags} / {@code fuse_init_out.flags} bit (FUSE 7.28). */
    static final int FUSE_MAX_PAGES = 1 << 22;
    static final int MAX_PAGES = 256;
    /** The kernel's pages per request without FUSE_MAX_PAGES (FUSE_DEFAULT_MAX_PAGES_PER_REQ). */
    static final int DEFAULT_MAX_PAGES = 32;
    /** The largest read or write request once {@code FUSE_MAX_PAGES} is agreed. */
    static final int MAX_REQUEST = MAX_PAGES * 4096;
    /** A request buffer: the largest write's data plus its headers (libfuse 3 keeps a page for them). */
    static final long BUFFER_SIZE = MAX_REQUEST + 4096L;

    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;
    static final int ENODEV = 19;

    /** fuse_in_header: len u32, opcode u32, unique u64, nodeid u64, uid, gid, pid, padding. */
    static final int IN_HEADER = 40;
    /** fuse_out_header: len u32, error i32, unique u64. */
    static final int OUT_HEADER = 16;
    /** sizeof(struct fuse_init_out) since FUSE 7.28. */
    static final int INIT_OUT = 64;

    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
    private static final StructLayout ERRNO_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = ERRNO_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** Channels by their struct fuse_chan address, for the send upcall. */
    private static final Map<Long, FuseChannel> BY_ADDRESS = new ConcurrentHashMap<>();
    private static final ThreadLocal<MemorySegment> ERRNO_SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(ERRNO_STATE));

    private static final class Lib {
        static final MethodHandle READ;
        static final MethodHandle WRITEV;
        static final MethodHandle WRITE;
        static final MethodHandle CHAN_FD;
        static final MethodHandle CHAN_NEW;
        static final MethodHandle CHAN_DESTROY;
        /** struct fuse_chan_ops { receive; send; destroy; } with our send and destroy. */
        static final MemorySegment OPS;

        static {
            SymbolLookup fuse = SymbolLookup.libraryLookup("libfuse.so.2", Arena.global());
            SymbolLookup libc = LINKER.defaultLookup();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            READ = LINKER.downcallHandle(libc.find("read").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), errno);
            WRITEV = LINKER.downcallHandle(libc.find("writev").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno);
            WRITE = LINKER.downcallHandle(libc.find("write").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), errno);
            CHAN_FD = LINKER.downcallHandle(fuse.find("fuse_chan_fd").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
            CHAN_NEW = LINKER.downcallHandle(fuse.find("fuse_chan_new").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS));
            CHAN_DESTROY = LINKER.downcallHandle(fuse.find("fuse_chan_destroy").orElseThrow(),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                MemorySegment receive = LINKER.upcallStub(lookup.findStatic(FuseChannel.class, "receiveUpcall",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class)),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_LONG), Arena.global());
                MemorySegment send = LINKER.upcallStub(lookup.findStatic(FuseChannel.class, "sendUpcall",
                        MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class)),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_LONG), Arena.global());
                MemorySegment destroy = LINKER.upcallStub(lookup.findStatic(FuseChannel.class, "destroyUpcall",
                        MethodType.methodType(void.class, MemorySegment.class)),
                        FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), Arena.global());
                OPS = Arena.global().allocate(ValueLayout.ADDRESS, 3);
                OPS.setAtIndex(ValueLayout.ADDRESS, 0, receive);
                OPS.setAtIndex(ValueLayout.ADDRESS, 1, send);
                OPS.setAtIndex(ValueLayout.ADDRESS, 2, destroy);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private final int fd;
    private final MemorySegment handle;
    /** The unique id of an INIT request whose kernel offered FUSE_MAX_PAGES, until its reply is written. */
    private volatile long initToWiden = -1;
    private volatile boolean widened;
    private volatile boolean kernelOffers;
    /** The largest size a READ, a WRITE request carried (fuse_read_in and fuse_write_in both have it at +16). */
    private final LongAccumulator largestRead = new LongAccumulator(Math::max, 0);
    private final LongAccumulator largestWrite = new LongAccumulator(Math::max, 0);

    private FuseChannel(int fd, MemorySegment handle) {
        this.fd = fd;
        this.handle = handle;
    }

    /** A channel on the device descriptor of {@code kernelChannel} (what {@code fuse_mount} returned). */
    static FuseChannel over(MemorySegment kernelChannel) throws Throwable {
        int fd = (int) Lib.CHAN_FD.invokeExact(kernelChannel);
        MemorySegment h = (MemorySegment) Lib.CHAN_NEW.invokeExact(Lib.OPS, fd, BUFFER_SIZE, MemorySegment.NULL);
        if (h.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("libfuse could not allocate a channel");
        }
        FuseChannel c = new FuseChannel(fd, h);
        BY_ADDRESS.put(h.address(), c);
        return c;
    }

    /** The struct fuse_chan* to give libfuse. */
    MemorySegment handle() {
        return handle;
    }

    /**
     * Reads one request into {@code buf}: its length, 0 once the mount is gone (ENODEV), or
     * -errno (EINTR, EAGAIN: try again). A request the kernel aborted before we read it (ENOENT)
     * is skipped here, as libfuse's own channel does.
     */
    int read(MemorySegment buf) throws Throwable {
        MemorySegment state = ERRNO_SCRATCH.get();
        while (true) {
            long n = (long) Lib.READ.invokeExact(state, fd, buf, Math.min(buf.byteSize(), BUFFER_SIZE));
            if (n >= IN_HEADER + 16) {
                int opcode = buf.get(U32, 4);
                if ((opcode == FUSE_READ || opcode == FUSE_WRITE) && n >= IN_HEADER + 20) {
                    (opcode == FUSE_READ ? largestRead : largestWrite)
                            .accumulate(Integer.toUnsignedLong(buf.get(U32, IN_HEADER + 16)));
                } else if (opcode == FUSE_INIT) {
                    noteInit(buf);
                }
            }
            if (n >= 0) {
                return (int) n;
            }
            int err = (int) ERRNO.get(state, 0L);
            if (err == ENOENT) {
                continue;
            }
            return err == ENODEV ? 0 : -err;
        }
    }

    /** fuse_init_in: major, minor, max_readahead, flags (u32 each), after the request header. */
    private void noteInit(MemorySegment request) {
        int minor = request.get(U32, IN_HEADER + 4);
        int flags = request.get(U32, IN_HEADER + 12);
        if (minor >= 28 && (flags & FUSE_MAX_PAGES) != 0) {
            kernelOffers = true;
            initToWiden = request.get(U64, 8);
        } else {
            LOG.info("the kernel speaks FUSE 7.{} without FUSE_MAX_PAGES: requests stay at 128 KiB", minor);
        }
    }

    /** The most data one READ request has asked for so far. */
    long largestRead() {
        return largestRead.get();
    }

    /** The most data one WRITE request has carried so far. */
    long largestWrite() {
        return largestWrite.get();
    }

    /** Whether the kernel's INIT offered FUSE_MAX_PAGES (Linux 4.20 and later). */
    boolean kernelOffersLargeRequests() {
        return kernelOffers;
    }

    /** The largest read or write request the kernel sends: 1 MiB once widened, else its default 128 KiB. */
    int maxRequest() {
        return widened ? MAX_REQUEST : DEFAULT_MAX_PAGES * 4096;
    }

    /** Whether the kernel agreed to 1 MiB requests (set once the INIT reply is written). */
    boolean widened() {
        return widened;
    }

    private int send(MemorySegment iov, long count) throws Throwable {
        MemorySegment vec = iov.reinterpret(count * 16);
        long init = initToWiden;
        if (init >= 0 && count >= 1) {
            MemorySegment head = vec.get(ValueLayout.ADDRESS, 0).reinterpret(OUT_HEADER);
            if (head.get(U64, 8) == init) {
                initToWiden = -1;
                return sendWidenedInit(vec, (int) count);
            }
        }
        long n = (long) Lib.WRITEV.invokeExact(ERRNO_SCRATCH.get(), fd, iov, (int) count);
        return n < 0 ? -(int) ERRNO.get(ERRNO_SCRATCH.get(), 0L) : 0;
    }

    /**
     * libfuse's INIT reply, widened: the same header and fields, as the full 64-byte fuse_init_out,
     * with FUSE_MAX_PAGES in flags, max_write 1 MiB and max_pages 256 (docs/fs-mount.md).
     */
    private int sendWidenedInit(MemorySegment vec, int count) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            long total = 0;
            for (int i = 0; i < count; i++) {
                total += vec.get(ValueLayout.JAVA_LONG, i * 16L + 8);
            }
            MemorySegment original = arena.allocate(Math.max(total, OUT_HEADER));
            long at = 0;
            for (int i = 0; i < count; i++) {
                long len = vec.get(ValueLayout.JAVA_LONG, i * 16L + 8);
                MemorySegment.copy(vec.get(ValueLayout.ADDRESS, i * 16L).reinterpret(len), 0, original, at, len);
                at += len;
            }
            int error = original.get(U32, 4);
            MemorySegment out = original;
            if (error == 0 && total >= OUT_HEADER + 24) {
                out = arena.allocate(OUT_HEADER + INIT_OUT);
                MemorySegment.copy(original, 0, out, 0, Math.min(total, OUT_HEADER + INIT_OUT));
                out.set(U32, 0, OUT_HEADER + INIT_OUT);
                out.set(U32, OUT_HEADER + 12, out.get(U32, OUT_HEADER + 12) | FUSE_MAX_PAGES);
                out.set(U32, OUT_HEADER + 20, MAX_REQUEST);
                out.set(U16, OUT_HEADER + 28, (short) MAX_PAGES);
            }
            MemorySegment state = ERRNO_SCRATCH.get();
            long n = (long) Lib.WRITE.invokeExact(state, fd, out, out.byteSize());
            if (n < 0) {
                return -(int) ERRNO.get(state, 0L);
            }
            widened = out != original;
            return 0;
        }
    }

    /** Frees the libfuse channel struct (the descriptor belongs to the kernel channel). */
    void close() throws Throwable {
        if (BY_ADDRESS.remove(handle.address()) != null) {
            Lib.CHAN_DESTROY.invokeExact(handle);
        }
    }

    // ------------------------------------------------------------ upcalls (exceptions must not escape)

    private static int receiveUpcall(MemorySegment chp, MemorySegment buf, long size) {
        try {
            MemorySegment ch = chp.reinterpret(ValueLayout.ADDRESS.byteSize()).get(ValueLayout.ADDRESS, 0);
            FuseChannel c = BY_ADDRESS.get(ch.address());
            return c == null ? -EIO : c.read(buf.reinterpret(size));
        } catch (Throwable t) {
            LOG.error("reading /dev/fuse failed", t);
            return -EIO;
        }
    }

    private static int sendUpcall(MemorySegment ch, MemorySegment iov, long count) {
        FuseChannel c = BY_ADDRESS.get(ch.address());
        if (c == null) {
            return -EIO;
        }
        try {
            return c.send(iov, count);
        } catch (Throwable t) {
            LOG.error("writing a FUSE reply failed", t);
            return -EIO;
        }
    }

    private static void destroyUpcall(MemorySegment ch) {
        // The descriptor is the kernel channel's: fuse_unmount closes it.
    }
}
