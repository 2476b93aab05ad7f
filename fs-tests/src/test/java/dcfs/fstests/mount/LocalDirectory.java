package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A plain directory on the build machine's disk: the reference every case must pass on. */
public record LocalDirectory(Path root) implements MountedFilesystem {

    public static LocalDirectory create(Path work) throws IOException {
        Path dir = Files.createDirectories(work.resolve("local"));
        Permissions.openToAll(dir);
        return new LocalDirectory(dir);
    }

    @Override
    public FsTarget target() {
        return FsTarget.LOCAL;
    }

    /**
     * A directory survives without a mount; read-only is a read-only bind mount of it over itself
     * (what {@code mount -o ro} gives a disk), and read-write removes that bind mount again.
     */
    @Override
    public void remount(MountMode mode) throws IOException {
        dropReadOnlyBind();
        if (mode == MountMode.READ_ONLY) {
            ChildProcess.of("mount", "--bind", root.toString(), root.toString()).check();
            ChildProcess.of("mount", "-o", "remount,bind,ro", root.toString()).check();
        }
    }

    private void dropReadOnlyBind() throws IOException {
        if (MountTable.isMounted(root)) {
            ChildProcess.of("umount", root.toString()).check();
        }
    }

    @Override
    public OptionalLong serverPid() {
        return OptionalLong.empty();
    }

    /** Drops a read-only bind mount if one is left; the directory itself goes with the run's work directory. */
    @Override
    public void close() throws IOException {
        dropReadOnlyBind();
    }
}
