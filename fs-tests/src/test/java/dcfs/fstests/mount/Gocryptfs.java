package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** gocryptfs over a directory of the local disk: a FUSE filesystem to validate the suite against. */
public final class Gocryptfs {
    private static final String PASSWORD = "echo dcfs-fstests";

    private Gocryptfs() {
    }

    private static List<String> serve(MountMode mode, Path cipher, Path mountPoint) {
        List<String> argv = new java.util.ArrayList<>(List.of("gocryptfs", "-fg", "-q", "-allow_other"));
        if (mode == MountMode.READ_ONLY) {
            argv.add("-ro");
        }
        argv.addAll(List.of("-extpass", PASSWORD, cipher.toString(), mountPoint.toString()));
        return argv;
    }

    public static FuseMount create(Path work) throws IOException {
        Path cipher = Files.createDirectories(work.resolve("gocryptfs.cipher"));
        Path mountPoint = Files.createDirectories(work.resolve("gocryptfs.mnt"));
        // -scryptn 10 only makes the one-time key derivation fast; the data path is unchanged.
        ChildProcess.of("gocryptfs", "-q", "-init", "-extpass", PASSWORD, "-scryptn", "10", cipher.toString())
                .withTimeout(Duration.ofMinutes(1)).check();
        // -allow_other (which implies default_permissions) lets the suite's other uids in; as root,
        // gocryptfs then creates files owned by the caller, as a kernel filesystem would.
        FuseMount mount = new FuseMount(FsTarget.GOCRYPTFS, mountPoint,
                mode -> serve(mode, cipher, mountPoint),
                List.of("fusermount", "-u", mountPoint.toString()),
                work.resolve("gocryptfs.log"), Duration.ofSeconds(30));
        mount.mount(MountMode.READ_WRITE);
        return mount;
    }
}
