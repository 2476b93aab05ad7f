package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The filesystem under test: a mount (or, for validation, a plain directory) whose root the tests
 * write in. Closing it unmounts and stops whatever serves it, also after a failure.
 */
public sealed interface MountedFilesystem extends AutoCloseable permits LocalDirectory, FuseMount {

    FsTarget target();

    /** The directory tests create their files under; every uid may search it. */
    Path root();

    /**
     * Unmounts and mounts the same filesystem again (same home, same keys): what was written before
     * must be there after. A plain directory has nothing to remount.
     */
    void remount() throws IOException;

    /** The process serving the mount, when there is one. */
    OptionalLong serverPid();

    @Override
    void close() throws IOException;
}
