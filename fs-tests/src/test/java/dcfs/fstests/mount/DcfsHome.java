package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A dcfs home made from a given mnemonic ({@code dcfs init --mnemonic-file F --no-passphrase}), and
 * what a user does with it against shared nodes: mount in the foreground (a {@link FuseMount} whose
 * pid the test may kill), try a mount the way {@code dcfs mount} runs by default (background, one
 * line on stderr when refused), and {@code dcfs recover}.
 */
public final class DcfsHome {
    private final Path launcher;
    private final Path dir;
    private final DcfsNodes nodes;

    private DcfsHome(Path launcher, Path dir, DcfsNodes nodes) {
        this.launcher = launcher;
        this.dir = dir;
        this.nodes = nodes;
    }

    /** A new home in {@code dir} holding the keyring of {@code mnemonic}. */
    public static DcfsHome restore(Path dir, String mnemonic, DcfsNodes nodes) throws IOException {
        Path launcher = Dcfs.launcher();
        Files.createDirectories(dir.getParent());
        Path words = Files.createTempFile(dir.getParent(), "mnemonic", ".txt");
        try {
            Files.writeString(words, mnemonic + "\n");
            ChildProcess.of(launcher.toString(), "init", "--home", dir.toString(), "--mnemonic-file", words.toString(),
                    "--no-passphrase").withTimeout(Duration.ofMinutes(2)).check();
        } finally {
            Files.deleteIfExists(words);
        }
        return new DcfsHome(launcher, dir, nodes);
    }

    public Path dir() {
        return dir;
    }

    /** A foreground mount of this home at {@code mountPoint} (created if missing), not yet mounted. */
    public FuseMount mountAt(Path mountPoint) throws IOException {
        Files.createDirectories(mountPoint);
        List<String> serve = new ArrayList<>(List.of(launcher.toString(), "mount", mountPoint.toString(), "--home",
                dir.toString(), "--foreground"));
        serve.addAll(nodes.args());
        return new FuseMount(FsTarget.DCFS, mountPoint, mode -> {
            List<String> argv = new ArrayList<>(serve);
            if (mode == MountMode.READ_ONLY) {
                argv.addAll(List.of("-o", "ro"));
            }
            return argv;
        }, List.of(launcher.toString(), "umount", mountPoint.toString()),
                dir.resolveSibling(dir.getFileName() + "-" + mountPoint.getFileName() + ".log"), Duration.ofMinutes(2));
    }

    /** {@code dcfs mount MOUNTPOINT --home H --cluster D [extra]} as a user types it (background). */
    public ChildProcess.Result mountCommand(Path mountPoint, String... extra) throws IOException {
        Files.createDirectories(mountPoint);
        List<String> argv = new ArrayList<>(List.of(launcher.toString(), "mount", mountPoint.toString(), "--home",
                dir.toString()));
        argv.addAll(nodes.args());
        argv.addAll(List.of(extra));
        return ChildProcess.of(argv).withTimeout(Duration.ofMinutes(3)).run();
    }

    /** {@code dcfs recover --from NODES --to DIR --home H}. */
    public ChildProcess.Result recover(Path to) throws IOException {
        return ChildProcess.of(launcher.toString(), "recover", "--from", nodes.dir().toString(), "--to", to.toString(),
                "--home", dir.toString()).withTimeout(Duration.ofMinutes(5)).run();
    }
}
