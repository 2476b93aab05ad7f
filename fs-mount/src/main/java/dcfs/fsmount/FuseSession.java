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
        static final MethodHandle MOUNT;
        static final MethodHandle LOWLEVEL_NEW;
        static final MethodHandle ADD_CHAN;
        static final MethodHandle REMOVE_CHAN;
        static final MethodHandle SESSION_DESTROY;
        static final MethodHandle UNMOUNT;

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
            MOUNT = handle(lib, "fuse_mount", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS));
            LOWLEVEL_NEW = handle(lib, "fuse_lowlevel_new", FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, size, ValueLayout.ADDRESS));
            ADD_CHAN = handle(lib, "fuse_session_add_chan", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS));
            REMOVE_CHAN = handle(lib, "fuse_session_remove_chan", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            SESSION_DESTROY = handle(lib, "fuse_session_destroy", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            UNMOUNT = handle(lib, "fuse_unmount", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        }

        private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor fd) {
            return LINKER.downcallHandle(lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd);
        }
    }

    /** How the session is taken down once every worker stopped. */
    @FunctionalInterface
    private interface Teardown {
        void run() throws Throwable;
    }

    private final MemorySegment session;
    private final MemorySegment channel;
    /** Our channel (low-level mounts), or null to read through libfuse's (high-level mounts). */
    private final FuseChannel own;
    private final long bufferSize;
    private Teardown teardown;
    /** Run once, by the worker that processed INIT (the kernel knows the mount's limits by then). */
    private Runnable afterInit = () -> { };
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();
    private final AtomicInteger running = new AtomicInteger();

    private FuseSession(MemorySegment session, MemorySegment channel) throws Throwable {
        this.session = session;
        this.channel = channel;
        this.own = null;
        this.bufferSize = (long) Lib.CHAN_BUFSIZE.invokeExact(channel);
    }

    private FuseSession(MemorySegment session, FuseChannel own) {
        this.session = session;
        this.channel = own.handle();
        this.own = own;
        this.bufferSize = FuseChannel.BUFFER_SIZE;
    }

    /**
     * Mounts with libfuse 2's low-level API: {@code fuse_mount} (mount options), then
     * {@code fuse_lowlevel_new} over the operations table on our own channel (1 MiB requests, see
     * {@link FuseChannel}), served on {@code threads} Java threads. Once INIT is answered, the
     * mount's kernel read-ahead is set to {@code readaheadBytes} (see {@link KernelReadahead}).
     */
    static FuseSession mountLowLevel(LowLevelFuse ops, Path mountPoint, List<String> options, int threads,
            int readaheadBytes) throws MountFailure {
        Arena arena = Arena.global();
        List<String> args = new ArrayList<>(List.of("dcfs"));
        args.addAll(options.stream().filter(o -> !o.equals("-s")).toList());
        MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, args.size() + 1L);
        for (int i = 0; i < args.size(); i++) {
            argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(args.get(i)));
        }
        argv.setAtIndex(ValueLayout.ADDRESS, args.size(), MemorySegment.NULL);
        // struct fuse_args { int argc; char **argv; int allocated; }
        MemorySegment fuseArgs = arena.allocate(24, 8);
        fuseArgs.set(ValueLayout.JAVA_INT, 0, args.size());
        fuseArgs.set(ValueLayout.ADDRESS, 8, argv);
        fuseArgs.set(ValueLayout.JAVA_INT, 16, 0);
        MemorySegment mp = arena.allocateFrom(mountPoint.toString());
        try {
            MemorySegment ch = (MemorySegment) Lib.MOUNT.invokeExact(mp, fuseArgs);
            if (ch.equals(MemorySegment.NULL)) {
                throw new MountFailure("FUSE refused to mount " + mountPoint + " (libfuse's reason is in the log)");
            }
            MemorySegment se = (MemorySegment) Lib.LOWLEVEL_NEW.invokeExact(fuseArgs, ops.operations(),
                    ops.operations().byteSize(), MemorySegment.NULL);
            if (se.equals(MemorySegment.NULL)) {
                Lib.UNMOUNT.invokeExact(mp, ch);
                throw new MountFailure("FUSE refused the session options for " + mountPoint + " (see the log)");
            }
            FuseChannel own = FuseChannel.over(ch);
            Lib.ADD_CHAN.invokeExact(se, own.handle());
            FuseSession s = new FuseSession(se, own);
            s.teardown = () -> {
                Lib.REMOVE_CHAN.invokeExact(own.handle());
                Lib.SESSION_DESTROY.invokeExact(se);
                own.close();
                Lib.UNMOUNT.invokeExact(mp, ch); // closes the device; unmounts if still mounted
            };
            s.afterInit = () -> {
                LOG.info("FUSE requests up to {} KiB (kernel read-ahead {} KiB)",
                        own.maxRequest() >> 10,
                        KernelReadahead.set(mountPoint, readaheadBytes) >> 10);
            };
            s.start(Math.max(1, threads));
            return s;
        } catch (MountFailure e) {
            throw e;
        } catch (Throwable t) {
            throw new MountFailure("cannot start FUSE: " + t, t);
        }
    }

    /**
     * Mounts {@code fs} at {@code mountPoint} with libfuse's {@code options} (returns once the
     * kernel has the mount) and serves it on {@code threads} Java threads.
     */
    static FuseSession mountHighLevel(AbstractFuseFS fs, Path mountPoint, List<String> options, int threads)
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
            MemorySegment session = (MemorySegment) Lib.GET_SESSION.invokeExact(f);
            MemorySegment channel = (MemorySegment) Lib.NEXT_CHAN.invokeExact(session, MemorySegment.NULL);
            FuseSession s = new FuseSession(session, channel);
            MemorySegment mountpoint = mountpointOut.get(ValueLayout.ADDRESS, 0);
            s.teardown = () -> Lib.TEARDOWN.invokeExact(f, mountpoint);
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
                int res = own != null ? own.read(buf) : (int) Lib.CHAN_RECV.invokeExact(chOut, buf, bufferSize);
                if (res == -EINTR || res == -FuseChannel.EAGAIN) {
                    continue;
                }
                if (res <= 0) {
                    if (res < 0) {
                        LOG.warn("reading /dev/fuse failed (errno {}); ending the session", -res);
                    }
                    // 0: the mount is gone (libfuse's channel ends the session itself; ours does not).
                    Lib.SESSION_EXIT.invokeExact(session);
                    break;
                }
                boolean init = res >= 8 && buf.get(ValueLayout.JAVA_INT_UNALIGNED, 4) == FuseChannel.FUSE_INIT;
                Lib.SESSION_PROCESS.invokeExact(session, buf, (long) res, chOut.get(ValueLayout.ADDRESS, 0));
                if (init) {
                    afterInit.run();
                }
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
            teardown.run();
            ended.complete(0);
        } catch (Throwable t) {
            LOG.error("FUSE teardown failed", t);
            ended.complete(1);
        }
    }

    /** Our own channel (low-level mounts). */
    java.util.Optional<FuseChannel> channel() {
        return java.util.Optional.ofNullable(own);
    }

    /** Completes when every worker has stopped and libfuse has let go of the mount. */
    CompletableFuture<Integer> ended() {
        return ended;
    }
}
