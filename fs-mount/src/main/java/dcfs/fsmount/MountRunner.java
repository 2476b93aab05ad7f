package dcfs.fsmount;

import dcfs.vfs.FsException;
import dcfs.vfs.MountRefusedException;
import dcfs.vfs.MountSession;
import dcfs.vfs.VfsConfig;
import dcfs.vfs.meta.MetadataInUseException;
import dcfs.vfs.store.StripeStore;
import dcfs.vfs.sync.NetworkTarget;
import dcfs.vfs.sync.SyncConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * A mount process from start to end, in the foreground: check the mount point (cleaning up a
 * dead mount left there), open the session, mount, answer on the control socket, and on
 * {@code dcfs umount}, SIGTERM, SIGINT or SIGHUP: flush everything, unmount, close, exit 0. An
 * unmount by anyone else ({@code fusermount -u}) also ends it cleanly.
 */
public final class MountRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MountRunner.class);
    private static final long MOUNT_TIMEOUT_MILLIS = 30_000;
    /**
     * Journal entries the development store (no nodes) keeps locally: entries carry inline file
     * data (up to 64 KiB each), so this bounds the journal's share of the metadata to ~256 MiB.
     * Network mounts trim only what the nodes hold (the shipper's rule).
     */
    static final long JOURNAL_KEEP = 4096;

    private final MountRequest request;
    private final StoreBackend backend;
    private final Path mountPoint;
    private MountSession session;
    private FuseMount fuse;
    private final AtomicBoolean stopping = new AtomicBoolean();

    private MountRunner(MountRequest request) {
        this.request = request;
        this.backend = request.effectiveBackend();
        this.mountPoint = request.mountPoint().toAbsolutePath().normalize();
    }

    /**
     * Runs the mount until it is unmounted; returns the process exit code. {@code ready} hears
     * once: ready, or failed with a one-line reason (also thrown as {@link MountFailure}).
     */
    public static int run(MountRequest request, ReadySignal ready) throws MountFailure {
        MountRunner r = new MountRunner(request);
        try {
            r.start();
        } catch (MountFailure e) {
            ready.failed(e.getMessage());
            throw e;
        }
        r.session.notes().forEach(ready::note);
        ready.ready(ProcessHandle.current().pid());
        return r.awaitAndClose();
    }

    /**
     * The mount point checks a mount starts with (exists, is a directory, empty, not mounted or a
     * dead mount to clean up), for a caller that wants them before slower work.
     */
    public static void checkMountPoint(Path mountPoint) throws MountFailure {
        FuseMount.checkMountPoint(mountPoint.toAbsolutePath().normalize());
    }

    /** Starts a mount in this process and returns a handle to stop it (tests, embedding). */
    public static Running start(MountRequest request) throws MountFailure {
        MountRunner r = new MountRunner(request);
        r.start();
        return r.new Running();
    }

    /** A mount started by {@link #start(MountRequest)}. */
    public final class Running implements AutoCloseable {
        public MountSession session() {
            return session;
        }

        /** Flush, unmount (waiting if busy up to a few seconds, then lazily) and close. */
        @Override
        public void close() throws MountFailure {
            try {
                stop(true);
            } catch (FsException e) {
                throw new MountFailure(e.getMessage(), e);
            }
            awaitAndClose();
        }

        public Path mountPoint() {
            return mountPoint;
        }

        /** The low-level mount's own /dev/fuse channel, if it has one (tests read its request sizes). */
        java.util.Optional<FuseChannel> channel() {
            return fuse == null ? java.util.Optional.empty() : fuse.channel();
        }
    }

    private void start() throws MountFailure {
        FuseMount.checkMountPoint(mountPoint);
        HomeLayout layout = request.layout();
        try {
            Files.createDirectories(layout.home());
        } catch (IOException e) {
            throw new MountFailure("cannot create the home directory " + layout.home() + ": " + e.getMessage(), e);
        }
        StripeStore store = null;
        Optional<NetworkTarget> network;
        try {
            network = backend.network();
            if (network.isEmpty()) {
                store = backend.open();
            }
        } catch (MountFailure | RuntimeException e) {
            backend.close();
            throw e;
        }
        VfsConfig config = request.config();
        int uid = RuntimeDir.uid();
        int gid = gid();
        try {
            MountSession.Options options = new MountSession.Options(layout.metadata(), config, Math.max(uid, 0),
                    Math.max(gid, 0), JOURNAL_KEEP, backend.owner().orElse(null));
            session = network.isPresent() ? MountSession.open(options, network.get(), SyncConfig.defaults())
                    : MountSession.open(options, store);
        } catch (MountRefusedException e) {
            backend.close();
            throw new MountFailure(e.getMessage(), e);
        } catch (MetadataInUseException e) {
            backend.close();
            throw new MountFailure("the filesystem in " + layout.home() + " is already mounted" + mountedAt(layout));
        } catch (IOException | FsException | RuntimeException e) {
            backend.close();
            throw new MountFailure("cannot open the filesystem in " + layout.home() + ": " + e.getMessage(), e);
        }
        ControlServer control = null;
        try {
            fuse = new FuseMount(session.vfs(), mountPoint, request.tuning());
            fuse.start(MOUNT_TIMEOUT_MILLIS);
            control = ControlServer.start(RuntimeDir.socketFor(mountPoint), new ControlServer.Handler() {
                @Override
                public String status() {
                    return ProcessHandle.current().pid() + " " + mountPoint;
                }

                @Override
                public void flush() throws FsException {
                    session.flush();
                }

                @Override
                public void unmount() throws Exception {
                    stop(false);
                }
            });
            this.control = control;
            writeInfo(layout);
            installSignalHandlers();
            LOG.info("mounted {} at {} (store {}, cache {} MiB, options {})", layout.home(), mountPoint,
                    backend.describe(), config.cacheBytes() >> 20, request.tuning().arguments());
        } catch (MountFailure | RuntimeException e) {
            if (control != null) {
                control.close();
            }
            if (fuse != null && fuse.isMounted()) {
                try {
                    fuse.unmount(true);
                } catch (MountFailure ignored) {
                    // best effort
                }
                fuse.awaitEnd(10_000);
            }
            closeSession();
            throw e instanceof MountFailure mf ? mf : new MountFailure("mount failed: " + e, e);
        }
    }

    private ControlServer control;

    /**
     * Flushes everything, then unmounts. With {@code force} (signals, embedding) a busy mount is
     * detached lazily; otherwise busy is an error and the mount stays.
     */
    private synchronized void stop(boolean force) throws MountFailure, FsException {
        if (!fuse.isMounted() || fuse.ended().isDone()) {
            return;
        }
        stopping.set(true);
        try {
            session.flush();
        } catch (FsException e) {
            if (!force) {
                stopping.set(false);
                throw new FsException(e.errno(), "not unmounted: flush failed: " + e.getMessage(), e);
            }
            LOG.error("flush before unmount failed; unmounting anyway: {}", e.getMessage());
        }
        Fusermount.Result r = fuse.unmount(false);
        if (!r.ok() && force) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (!r.ok() && System.nanoTime() < until && fuse.isMounted()) {
                sleep(100);
                r = fuse.unmount(false);
            }
            if (!r.ok() && fuse.isMounted()) {
                LOG.warn("{} is busy; detaching it lazily", mountPoint);
                r = fuse.unmount(true);
                if (r.ok() && !fuse.awaitEnd(5_000)) {
                    // files are still open on the detached mount; end the connection so we can exit
                    if (fuse.abortConnection()) {
                        LOG.warn("aborted the FUSE connection: files still open there now fail with ENOTCONN");
                    } else {
                        LOG.warn("files are still open on the detached mount; closing without waiting for them");
                    }
                }
            }
        }
        if (!r.ok() && fuse.isMounted()) {
            stopping.set(false);
            throw new MountFailure(mountPoint + " is busy (" + r.message() + ")");
        }
        detached = true;
        if (!fuse.awaitEnd(10_000)) {
            LOG.warn("the FUSE loop did not end 10 s after unmount; closing anyway");
        }
    }

    /** Set once unmounted by {@link #stop}; the FUSE loop may then be given up on. */
    private volatile boolean detached;

    private int awaitAndClose() {
        while (!fuse.awaitEnd(1_000)) {
            if (detached) {
                break;
            }
        }
        if (control != null) {
            control.close();
        }
        boolean ok = closeSession();
        try {
            Files.deleteIfExists(request.layout().mountInfo());
        } catch (IOException e) {
            LOG.debug("removing mount info: {}", e.getMessage());
        }
        LOG.info("unmounted {}", mountPoint);
        return ok ? 0 : 1;
    }

    private boolean closeSession() {
        if (session == null) {
            backend.close();
            return true;
        }
        try {
            session.close();
            return true;
        } catch (FsException e) {
            LOG.error("closing the filesystem: {}", e.getMessage());
            return false;
        } finally {
            backend.close();
        }
    }

    private void installSignalHandlers() {
        for (String sig : new String[] {"TERM", "INT", "HUP"}) {
            try {
                Signal.handle(new Signal(sig), s -> {
                    LOG.info("SIG{}: flushing and unmounting {}", sig, mountPoint);
                    Thread.ofPlatform().name("dcfs-stop").start(() -> {
                        try {
                            stop(true);
                        } catch (Exception e) {
                            LOG.error("stopping on SIG{}: {}", sig, e.getMessage());
                        }
                    });
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{}: {}", sig, e.getMessage());
            }
        }
    }

    private void writeInfo(HomeLayout layout) {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("mountpoint", mountPoint.toString());
        p.setProperty("socket", RuntimeDir.socketFor(mountPoint).toString());
        p.setProperty("store", backend.describe());
        try {
            Files.createDirectories(layout.mountInfo().getParent());
            try (var out = Files.newOutputStream(layout.mountInfo())) {
                p.store(out, "dcfs mount (removed at unmount)");
            }
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", layout.mountInfo(), e.getMessage());
        }
    }

    private static String mountedAt(HomeLayout layout) {
        Properties p = new Properties();
        try (var in = Files.newInputStream(layout.mountInfo())) {
            p.load(in);
            return " at " + p.getProperty("mountpoint") + " (pid " + p.getProperty("pid") + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static int gid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
