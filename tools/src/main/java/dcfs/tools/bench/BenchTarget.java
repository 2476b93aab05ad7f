package dcfs.tools.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One filesystem the benchmark measures: mounted (or created) under a work directory before the
 * runs and torn down after them, whatever happened in between.
 */
sealed interface BenchTarget permits LocalDirTarget, GocryptfsTarget, DcfsTarget, GlusterTarget {

    /** Short name used in the table and the JSON ("dcfs", "gocryptfs", "local", "gluster"). */
    String name();

    /** Mounts or creates the filesystem and returns the directory the workloads run in. */
    Path setUp(Path work) throws IOException;

    /** Unmounts and stops whatever {@link #setUp} started; safe to call after a failed set-up. */
    void tearDown() throws IOException;

    /** The PID of the process serving the filesystem, when there is one (for its memory). */
    default OptionalLong serverPid() {
        return OptionalLong.empty();
    }
}
