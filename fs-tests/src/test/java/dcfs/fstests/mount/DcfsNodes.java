package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * Storage nodes that several dcfs homes share, as a user runs them: {@code dcfs cluster start
 * --dir DIR} (one process per node, a pid file each), so a test can mount two homes against the
 * same nodes, kill nodes by pid, and read the node stores afterwards. {@link #close} stops them
 * ({@code dcfs cluster stop}, which kills what does not stop).
 */
public final class DcfsNodes implements AutoCloseable {
    private final Path launcher;
    private final Path dir;
    private final int count;

    private DcfsNodes(Path launcher, Path dir, int count) {
        this.launcher = launcher;
        this.dir = dir;
        this.count = count;
    }

    /**
     * Starts {@code n} nodes in {@code dir}. Skips the calling test when the run targets another
     * filesystem than dcfs, or the machine has no FUSE (these tests mount).
     */
    public static DcfsNodes start(Path dir, int n) throws IOException {
        Assumptions.assumeTrue(FsTarget.requested().orElse(FsTarget.DCFS) == FsTarget.DCFS,
                "these cases test dcfs itself, not " + FsTarget.requested().map(FsTarget::id).orElse(""));
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse here");
        DcfsNodes nodes = new DcfsNodes(Dcfs.launcher(), dir, n);
        nodes.run("cluster", "start", "--dir", dir.toString(), "--nodes", Integer.toString(n));
        return nodes;
    }

    public Path dir() {
        return dir;
    }

    /** The arguments that point a dcfs command at these nodes. */
    public java.util.List<String> args() {
        return java.util.List.of("--cluster", dir.toString());
    }

    /** kill -9 of node {@code index} (1-based), by its pid file: a node that dies. */
    public void kill(int index) throws Exception {
        long pid = Long.parseLong(Files.readString(dir.resolve("node-" + index).resolve("node.pid")).strip());
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IOException("node-" + index + " is not running"));
        h.destroyForcibly();
        h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Every node running again (stopped and started: identities and stores stay). */
    public void restart() throws IOException {
        run("cluster", "stop", "--dir", dir.toString());
        run("cluster", "start", "--dir", dir.toString(), "--nodes", Integer.toString(count));
    }

    ChildProcess.Result run(String... args) throws IOException {
        java.util.List<String> argv = new java.util.ArrayList<>();
        argv.add(launcher.toString());
        argv.addAll(java.util.List.of(args));
        return ChildProcess.of(argv).withTimeout(Duration.ofMinutes(3)).check();
    }

    @Override
    public void close() throws IOException {
        ChildProcess.of(launcher.toString(), "cluster", "stop", "--dir", dir.toString())
                .withTimeout(Duration.ofMinutes(2)).run();
    }
}
