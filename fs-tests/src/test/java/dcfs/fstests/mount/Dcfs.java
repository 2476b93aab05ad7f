package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * dcfs as a user runs it: {@code dcfs init} for a fresh home, then {@code dcfs mount MOUNTPOINT
 * --home H --foreground} through the launcher (tools/dcfs), and {@code dcfs umount} to end it.
 * Extra mount arguments (a store or cluster directory, options) come from
 * {@code -Ddcfs.fstests.mountArgs="..."}, so the suite runs unchanged as the mount grows.
 */
public final class Dcfs {
    public static final String LAUNCHER_PROPERTY = "dcfs.fstests.launcher";
    public static final String MOUNT_ARGS_PROPERTY = "dcfs.fstests.mountArgs";
    /** The launcher's exit code for a command that is documented but not built yet (tools ExitCodes). */
    public static final int NOT_BUILT = 3;

    private Dcfs() {
    }

    /** {@code dcfs mount} answered "not built yet": there is no dcfs mount to test on this branch. */
    public static final class NotBuilt extends IOException {
        NotBuilt(String message) {
            super(message);
        }
    }

    public static FuseMount create(Path work) throws IOException {
        Path launcher = launcher();
        Path home = Files.createDirectories(work.resolve("dcfs.home"));
        Path mountPoint = Files.createDirectories(work.resolve("dcfs.mnt"));
        ChildProcess.Result init = ChildProcess.of(launcher.toString(), "init", "--home", home.toString(),
                "--no-passphrase").withTimeout(Duration.ofMinutes(2)).run();
        // A mount stage may come before the keyring command; then the mount makes its own keys.
        if (!init.succeeded() && init.exitCode() != NOT_BUILT) {
            throw new IOException("dcfs init failed: " + init.describe());
        }
        List<String> serve = new ArrayList<>(List.of(launcher.toString(), "mount", mountPoint.toString(),
                "--home", home.toString(), "--foreground"));
        serve.addAll(extraMountArgs(work));
        FuseMount mount = new FuseMount(FsTarget.DCFS, mountPoint, mode -> withMode(serve, mode),
                List.of(launcher.toString(), "umount", mountPoint.toString()),
                work.resolve("dcfs.log"), Duration.ofMinutes(3));
        try {
            mount.mount(MountMode.READ_WRITE);
        } catch (FuseMount.ServerExited e) {
            if (e.exitCode() == NOT_BUILT) {
                throw new NotBuilt("dcfs mount is not built on this branch: " + e.getMessage());
            }
            throw e;
        }
        return mount;
    }

    private static List<String> withMode(List<String> serve, MountMode mode) {
        List<String> argv = new ArrayList<>(serve);
        if (mode == MountMode.READ_ONLY) {
            argv.addAll(List.of("-o", "ro"));
        }
        return argv;
    }

    /** tools/dcfs, whose jar the reactor build packaged before these tests run. */
    static Path launcher() throws IOException {
        String prop = System.getProperty(LAUNCHER_PROPERTY);
        if (prop == null) {
            throw new IOException("-D" + LAUNCHER_PROPERTY + " is not set (the fs-tests pom sets it to tools/dcfs)");
        }
        Path launcher = Path.of(prop).toAbsolutePath().normalize();
        Path jar = launcher.resolveSibling("target").resolve("dcfs-tools.jar");
        if (!Files.isRegularFile(jar)) {
            // Without the jar the launcher would start a whole Maven build inside a test.
            throw new IOException(jar + " is missing: build the tools module first (mvn -pl fs-tests -am verify, "
                    + "or tools/run-tests)");
        }
        return launcher;
    }

    /** {@code -Ddcfs.fstests.mountArgs}, split on blanks; {@code {work}} stands for the run's work directory. */
    private static List<String> extraMountArgs(Path work) {
        String raw = System.getProperty(MOUNT_ARGS_PROPERTY, "").strip();
        if (raw.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(raw.split("\\s+")).map(a -> a.replace("{work}", work.toString())).toList();
    }
}
