package dcfs.fsmount;

import dcfs.vfs.Vfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FUSE mount of a {@link Vfs}: libfuse's loop runs on the {@code dcfs-fuse} thread until the
 * mount goes away ({@code fusermount -u}, by us or by anyone).
 */
final class FuseMount {
    private static final Logger LOG = LoggerFactory.getLogger(FuseMount.class);

    private final Vfs vfs;
    private final Path mountPoint;
    private final FuseTuning tuning;
    private FuseSession session;

    FuseMount(Vfs vfs, Path mountPoint, FuseTuning tuning) {
        this.vfs = vfs;
        this.mountPoint = mountPoint;
        this.tuning = tuning;
    }

    /** The low-level mount's own /dev/fuse channel; empty for the high-level API or before start. */
    java.util.Optional<FuseChannel> channel() {
        return session == null ? java.util.Optional.empty() : session.channel();
    }

    /** Mounts and returns once the kernel lists the mount. */
    void start(long timeoutMillis) throws MountFailure {
        session = switch (tuning.api()) {
            case LOW_LEVEL -> FuseSession.mountLowLevel(new LowLevelFuse(vfs, tuning), mountPoint, tuning.arguments(),
                    tuning.threads(), tuning.readaheadBytes());
            case HIGH_LEVEL -> FuseSession.mountHighLevel(new DcfsFuse(vfs, tuning.readOnly()), mountPoint,
                    tuning.arguments(), tuning.threads());
        };
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            var entry = MountTable.find(mountPoint).filter(MountTable.Entry::isDcfs);
            if (entry.isPresent()) {
                connection = entry.get().fuseConnection();
                return;
            }
            if (session.ended().isDone()) {
                throw new MountFailure("FUSE ended right after mounting " + mountPoint + " (see the log)");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MountFailure("interrupted while mounting");
            }
        }
        Fusermount.unmount(mountPoint, true);
        throw new MountFailure("mount of " + mountPoint + " did not appear within " + timeoutMillis + " ms");
    }

    /**
     * Ends the FUSE connection through fusectl (when mounted at /sys/fs/fuse/connections): what is
     * left after a lazy unmount while files stayed open. Their users then get ENOTCONN.
     */
    boolean abortConnection() {
        if (connection == null) {
            return false;
        }
        Path abort = Path.of("/sys/fs/fuse/connections", connection, "abort");
        try {
            if (Files.exists(abort)) {
                Files.writeString(abort, "1");
                return true;
            }
        } catch (java.io.IOException e) {
            LOG.warn("cannot abort FUSE connection {}: {}", connection, e.getMessage());
        }
        return false;
    }

    private volatile String connection;

    /** Unmounts; with {@code lazy}, even while busy (detached now, gone when no longer used). */
    Fusermount.Result unmount(boolean lazy) throws MountFailure {
        return Fusermount.unmount(mountPoint, lazy);
    }

    /** Waits for libfuse's loop to end; true if it did within the time. */
    boolean awaitEnd(long millis) {
        try {
            session.ended().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return session.ended().isDone();
        }
    }

    CompletableFuture<Integer> ended() {
        return session.ended();
    }

    boolean isMounted() {
        return MountTable.find(mountPoint).filter(MountTable.Entry::isDcfs).isPresent();
    }

    /** Pre-mount checks with clear messages (libfuse's own are cryptic and go to the log). */
    static void checkMountPoint(Path mp) throws MountFailure {
        if (!Files.exists(Path.of("/dev/fuse"))) {
            throw new MountFailure("no FUSE on this machine: /dev/fuse is missing (load the fuse module, or run the "
                    + "container with --device /dev/fuse)");
        }
        Fusermount.binary();
        var entry = MountTable.find(mp);
        if (entry.isPresent()) {
            if (entry.get().isDcfs() && !ControlClient.isAlive(RuntimeDir.socketFor(mp)) && !answers(mp)) {
                // left behind by a mount process that died (kill -9): clean it up and go on
                LOG.warn("cleaning up the stale dcfs mount at {} (its process is gone)", mp);
                Fusermount.Result r = Fusermount.unmount(mp, true);
                if (!r.ok()) {
                    throw new MountFailure("a dead dcfs mount is still at " + mp + " and could not be removed: "
                            + r.message());
                }
            } else {
                throw new MountFailure(mp + " is already mounted (" + entry.get().fsType() + ")");
            }
        }
        if (!Files.exists(mp)) {
            throw new MountFailure("mount point " + mp + " does not exist");
        }
        if (!Files.isDirectory(mp)) {
            throw new MountFailure("mount point " + mp + " is not a directory");
        }
        try (var s = Files.list(mp)) {
            if (s.findAny().isPresent()) {
                throw new MountFailure("mount point " + mp + " is not empty");
            }
        } catch (java.io.IOException e) {
            throw new MountFailure("cannot read mount point " + mp + ": " + e.getMessage(), e);
        }
    }

    /** Whether a FUSE mount still serves requests (a dead one fails with ENOTCONN). */
    private static boolean answers(Path mp) {
        try {
            Files.readAttributes(mp, java.nio.file.attribute.BasicFileAttributes.class);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
