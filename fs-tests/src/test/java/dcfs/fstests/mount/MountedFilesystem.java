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
     * Unmounts and mounts the same filesystem again (same home, same keys), read-write: what was
     * written before must be there after. A plain directory has nothing to remount.
     */
    default void remount() throws IOException {
        remount(MountMode.READ_WRITE);
    }

    /**
     * Unmounts and mounts the same filesystem again in {@code mode}. A test that asks for
     * {@link MountMode#READ_ONLY} puts it back to read-write when it ends, whatever happened.
     */
    void remount(MountMode mode) throws IOException;

    /**
     * If the process serving the mount has died (a crash in an earlier test), detaches the dead mount
     * and mounts again, so one crash fails the test that caused it rather than every test after it.
     * Returns what happened, for the run report, or empty when the mount was alive.
     */
    default java.util.Optional<String> reviveIfDead() throws IOException {
        return java.util.Optional.empty();
    }

    /** The process serving the mount, when there is one. */
    OptionalLong serverPid();

    @Override
    void close() throws IOException;
}
