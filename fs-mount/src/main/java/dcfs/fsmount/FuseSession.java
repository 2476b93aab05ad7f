package dcfs.fsmount;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.AbstractFuseFS;

/**
 * Runs libfuse 2's request loop on our own Java platform threads instead of {@code fuse_main}'s.
 *
 * <p>Why: with {@code fuse_main}, libfuse's worker threads are native threads; jnr's callback
 * glue (jffi) attaches such a thread to the JVM before each callback and detaches it after, until
 * it has made 1000 calls. That attach/detach (a new java.lang.Thread each time) cost more than
 * the filesystem operation for metadata calls (measured: FUSE creates and unlinks at a fraction of
 * what vfs does in process). Here each worker is a Java thread calling libfuse's public session
 * API ({@code fuse_chan_recv} + {@code fuse_session_process}, what libfuse's own loops do), so
 * callbacks arrive on an already-attached thread.
 *
 * <p>Downcalls use java.lang.foreign; the operations table and callbacks stay jnr-fuse's.
 */
final class FuseSession {
    private static final Logger LOG = LoggerFactory.getLogger(FuseSession.class);
    private static final Linker LINKER = Linker.nativeLinker();
    private static final int EINTR = 4;

    private static final class Lib {
        static final MethodHandle SETUP;
        static final MethodHandle GET_SESSION;
        static final MethodHandle NEXT_CHAN;
        static final MethodHandle CHAN_BUFSIZE;
        static final MethodHandle CHAN_RECV;
        static final MethodHandle SESSION_PROCESS;
        static final MethodHandle SESSION_EXITED;
        static final MethodHandle SESSION_EXIT;
        static final MethodHandle TEARDOWN;

        static {
            SymbolLookup lib = SymbolLookup.libraryLookup("libfuse.so.2", Arena.global());
            ValueLayout.OfLong size = ValueLayout.JAVA_LONG;
            SETUP = handle(lib, "fuse_setup", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, size, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS));
            GET_SESSION = handle(lib, "fuse_get_session", FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS));
            NEXT_CHAN = handle(lib, "fuse_session_next_chan", FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            CHAN_BUFSIZE = handle(lib, "fuse_chan_bufsize", FunctionDescriptor.of(size, ValueLayout.ADDRESS));
            CHAN_RECV = handle(lib, "fuse_chan_recv", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, size));
            SESSION_PROCESS = handle(lib, "fuse_session_process", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, size, ValueLayout.ADDRESS));
            SESSION_EXITED = handle(lib, "fuse_session_exited", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS));
            SESSION_EXIT = handle(lib, "fuse_session_exit", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            TEARDOWN = handle(lib, "fuse_teardown", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        }

        private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor fd) {
            return LINKER.downcallHandle(lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd);
        }
    }

    private final MemorySegment fuse;
    private final MemorySegment session;
    private final MemorySegment channel;
    private final MemorySegment mountpoint;
    private final long bufferSize;
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();
    private final AtomicInteger running = new AtomicInteger();

    private FuseSession(MemorySegment fuse, MemorySegment mountpoint) throws Throwable {
        this.fuse = fuse;
        this.mountpoint = mountpoint;
        this.session = (MemorySegment) Lib.GET_SESSION.invokeExact(fuse);
        this.channel = (MemorySegment) Lib.NEXT_CHAN.invokeExact(session, MemorySegment.NULL);
        this.bufferSize = (long) Lib.CHAN_BUFSIZE.invokeExact(channel);
    }

    /**
     * Mounts {@code fs} at {@code mountPoint} with libfuse's {@code options} (returns once the
     * kernel has the mount) and serves it on {@code threads} Java threads.
     */
    static FuseSession mount(AbstractFuseFS fs, Path mountPoint, List<String> options, int threads)
            throws MountFailure {
        List<String> args = new ArrayList<>(List.of("dcfs", "-f", mountPoint.toString()));
        args.addAll(options.stream().filter(o -> !o.equals("-s")).toList());
        Arena arena = Arena.global();
        MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, args.size() + 1L);
        for (int i = 0; i < args.size(); i++) {
            argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(args.get(i)));
        }
        argv.setAtIndex(ValueLayout.ADDRESS, args.size(), MemorySegment.NULL);
        // jnr keeps the operations table in Java heap memory (copying it for each native call); libfuse
        // keeps the pointer we give it, so it gets a native copy. The callbacks it points at stay
        // alive as long as fs does.
        jnr.ffi.Pointer opsMemory = Struct.getMemory(fuseOperations(fs));
        int opsSize = Struct.size(fuseOperations(fs));
        byte[] table = new byte[opsSize];
        opsMemory.get(0, table, 0, opsSize);
        MemorySegment ops = arena.allocate(opsSize, 8);
        MemorySegment.copy(table, 0, ops, ValueLayout.JAVA_BYTE, 0, opsSize);
        MemorySegment mountpointOut = arena.allocate(ValueLayout.ADDRESS);
        MemorySegment multithreadedOut = arena.allocate(ValueLayout.JAVA_INT);
        try {
            MemorySegment f = (MemorySegment) Lib.SETUP.invokeExact(args.size(), argv, ops, (long) opsSize,
                    mountpointOut, multithreadedOut, MemorySegment.NULL);
            if (f.equals(MemorySegment.NULL)) {
                throw new MountFailure("FUSE refused to mount " + mountPoint + " (libfuse's reason is in the log)");
            }
            FuseSession s = new FuseSession(f, mountpointOut.get(ValueLayout.ADDRESS, 0));
            s.start(Math.max(1, threads));
            return s;
        } catch (MountFailure e) {
            throw e;
        } catch (Throwable t) {
            throw new MountFailure("cannot start FUSE: " + t, t);
        }
    }

    private static ru.serce.jnrfuse.struct.FuseOperations fuseOperations(AbstractFuseFS fs) {
        return ((DcfsFuse) fs).operations();
    }

    private void start(int threads) {
        running.set(threads);
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform().name("dcfs-fuse-" + i).daemon(true).start(this::serve);
        }
    }

    /** One worker: receive a request, process it (our callbacks run here), until the session ends. */
    private void serve() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(bufferSize, 4096);
            MemorySegment chOut = arena.allocate(ValueLayout.ADDRESS);
            while ((int) Lib.SESSION_EXITED.invokeExact(session) == 0) {
                chOut.set(ValueLayout.ADDRESS, 0, channel);
                int res = (int) Lib.CHAN_RECV.invokeExact(chOut, buf, bufferSize);
                if (res == -EINTR) {
                    continue;
                }
                if (res <= 0) {
                    if (res < 0) {
                        LOG.warn("reading /dev/fuse failed (errno {}); ending the session", -res);
                        Lib.SESSION_EXIT.invokeExact(session);
                    }
                    break;
                }
                Lib.SESSION_PROCESS.invokeExact(session, buf, (long) res, chOut.get(ValueLayout.ADDRESS, 0));
            }
        } catch (Throwable t) {
            LOG.error("FUSE worker failed", t);
        } finally {
            if (running.decrementAndGet() == 0) {
                teardown();
            }
        }
    }

    /** The last worker out: libfuse unmounts if still mounted (it checks) and frees the session. */
    private void teardown() {
        try {
            Lib.TEARDOWN.invokeExact(fuse, mountpoint);
            ended.complete(0);
        } catch (Throwable t) {
            LOG.error("FUSE teardown failed", t);
            ended.complete(1);
        }
    }

    /** Completes when every worker has stopped and libfuse has let go of the mount. */
    CompletableFuture<Integer> ended() {
        return ended;
    }
}
