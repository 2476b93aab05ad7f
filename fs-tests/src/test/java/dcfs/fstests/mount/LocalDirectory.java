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

    @Override
    public void remount() {
        // nothing to do: a directory survives without a mount
    }

    @Override
    public OptionalLong serverPid() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        // the work directory around it is removed by whoever created it
    }
}
