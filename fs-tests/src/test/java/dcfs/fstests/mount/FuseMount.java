package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A FUSE filesystem served by a child process that stays in the foreground (gocryptfs -fg,
 * dcfs mount --foreground), so its PID is ours to kill if it hangs.
 *
 * <p>Mounting starts the process and waits until the kernel lists the mount point; unmounting asks
 * politely ({@code dcfs umount}, {@code fusermount -u}), waits for the process to end, and then, if
 * it has not, kills it by PID and detaches the mount lazily, so no test run leaves a mount behind.
 */
public final class FuseMount implements MountedFilesystem {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration EXIT_GRACE = Duration.ofSeconds(60);

    private final FsTarget target;
    private final Path mountPoint;
    private final Function<MountMode, List<String>> serveArgv;
    private final List<String> unmountArgv;
    private final Path log;
    private final Duration readyTimeout;
    private final Thread shutdownHook;
    private Process server;

    /**
     * @param serveArgv    the foreground command that serves the mount until it is unmounted, per mode
     * @param unmountArgv  the command that unmounts cleanly (flushing whatever needs flushing)
     * @param log          where the server's stdout and stderr go (appended; kept for failures)
     */
    public FuseMount(FsTarget target, Path mountPoint, Function<MountMode, List<String>> serveArgv,
                     List<String> unmountArgv, Path log, Duration readyTimeout) {
        this.target = target;
        this.mountPoint = mountPoint;
        this.serveArgv = serveArgv;
        this.unmountArgv = List.copyOf(unmountArgv);
        this.log = log;
        this.readyTimeout = readyTimeout;
        // A JVM ended by a test timeout or ^C still detaches its mounts.
        this.shutdownHook = new Thread(this::detachQuietly, "unmount " + mountPoint);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public FsTarget target() {
        return target;
    }

    @Override
    public Path root() {
        return mountPoint;
    }

    /** Starts the server and returns once the mount is live; fails with the server's log otherwise. */
    public void mount(MountMode mode) throws IOException {
        if (MountTable.isMounted(mountPoint)) {
            throw new IOException(mountPoint + " is already a mount point");
        }
        List<String> argv = serveArgv.apply(mode);
        ProcessBuilder pb = new ProcessBuilder(argv);
        String buildDir = System.getProperty(RunReport.BUILD_DIR_PROPERTY);
        if (buildDir != null) {
            // a crashing JVM writes hs_err_pid*.log into its working directory: keep those in target/
            pb.directory(Path.of(buildDir).toFile());
        }
        server = pb
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        try {
            while (!isFuseMounted()) {
                if (!server.isAlive()) {
                    throw new ServerExited(server.exitValue(), String.join(" ", argv) + " exited "
                            + server.exitValue() + " before mounting: " + logTail());
                }
                if (System.nanoTime() > deadline) {
                    ChildProcess.killTree(server.toHandle());
                    throw new IOException(String.join(" ", argv) + ": not mounted after "
                            + readyTimeout.toSeconds() + " s, killed: " + logTail());
                }
                Thread.sleep(POLL);
            }
        } catch (InterruptedException e) {
            ChildProcess.killTree(server.toHandle());
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while mounting " + mountPoint, e);
        }
        if (mode == MountMode.READ_WRITE) {
            Permissions.openToAll(mountPoint);
        }
    }

    /** The server ended on its own before the mount appeared, with this exit code. */
    public static final class ServerExited extends IOException {
        private final int exitCode;

        ServerExited(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * Unmounts: the clean command first; if it fails or the server does not exit, the server is
     * killed by PID and the mount detached. Throws (after cleaning up) when the clean path failed,
     * since a filesystem that cannot unmount cleanly is a finding.
     */
    public void unmount() throws IOException {
        IOException failure = null;
        try {
            if (MountTable.isMounted(mountPoint)) {
                ChildProcess.Result r = ChildProcess.of(unmountArgv).withTimeout(Duration.ofMinutes(2)).run();
                if (!r.succeeded()) {
                    failure = new IOException("unmount failed: " + r.describe());
                }
            }
        } catch (IOException e) {
            failure = e;
        }
        if (server != null) {
            try {
                if (!server.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    ChildProcess.killTree(server.toHandle());
                    server.waitFor(10, TimeUnit.SECONDS);
                    failure = failure != null ? failure : new IOException("server of " + mountPoint
                            + " did not exit within " + EXIT_GRACE.toSeconds() + " s of unmounting; killed pid "
                            + server.pid() + ": " + logTail());
                }
            } catch (InterruptedException e) {
                ChildProcess.killTree(server.toHandle());
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        detachQuietly();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public Optional<String> reviveIfDead() throws IOException {
        Process p = server;
        if (p == null || p.isAlive()) {
            return Optional.empty();
        }
        String what = "the " + target.id() + " server (pid " + p.pid() + ") had exited with code " + p.exitValue()
                + "; mounted again";
        server = null;
        detachQuietly();
        mount(MountMode.READ_WRITE);
        return Optional.of(what);
    }

    @Override
    public void remount(MountMode mode) throws IOException {
        unmount();
        mount(mode);
    }

    @Override
    public OptionalLong serverPid() {
        return server == null ? OptionalLong.empty() : OptionalLong.of(server.pid());
    }

    /** Unmounts, and keeps the server's log in the build directory (target/fstests-TARGET-server.log). */
    @Override
    public void close() throws IOException {
        try {
            unmount();
        } finally {
            keepLog();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to; nothing to remove
            }
        }
    }

    private void keepLog() {
        String dir = System.getProperty(RunReport.BUILD_DIR_PROPERTY);
        if (dir != null && Files.exists(log)) {
            try {
                Files.copy(log, Path.of(dir, "fstests-" + target.id() + "-server.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the log is a courtesy for whoever reads the failures
            }
        }
    }

    public String logTail() {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return text.length() <= 3000 ? text.strip() : "..." + text.substring(text.length() - 3000).strip();
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private boolean isFuseMounted() throws IOException {
        return MountTable.at(mountPoint).map(e -> e.fsType().startsWith("fuse")).orElse(false);
    }

    /** Last resort: kill the server and detach the mount, whatever state they are in. */
    private void detachQuietly() {
        Process p = server;
        if (p != null && p.isAlive()) {
            ChildProcess.killTree(p.toHandle());
        }
        try {
            if (MountTable.isMounted(mountPoint)) {
                ChildProcess.of("fusermount", "-u", "-z", mountPoint.toString()).withTimeout(Duration.ofSeconds(30)).run();
            }
            if (MountTable.isMounted(mountPoint)) {
                ChildProcess.of("umount", "-l", mountPoint.toString()).withTimeout(Duration.ofSeconds(30)).run();
            }
        } catch (IOException ignored) {
            // nothing more we can do; the leak check at the end of the run reports it
        }
    }
}
