package dcfs.fstests.apps;

import dcfs.fstests.mount.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Runs the real programs the application tests drive, in a directory, failing on a non-zero exit. */
final class Commands {
    private final Path dir;
    private final Duration timeout;
    private final Map<String, String> environment;

    Commands(Path dir, Duration timeout, Map<String, String> environment) {
        this.dir = dir;
        this.timeout = timeout;
        this.environment = environment;
    }

    Commands(Path dir) {
        this(dir, Duration.ofMinutes(5), Map.of());
    }

    Commands in(Path other) {
        return new Commands(other, timeout, environment);
    }

    Commands withEnvironment(Map<String, String> env) {
        return new Commands(dir, timeout, env);
    }

    /** Runs and returns stdout; a non-zero exit fails with the program's output. */
    String run(String... argv) throws IOException {
        return ChildProcess.of(argv).in(dir).withTimeout(timeout).withEnvironment(environment).check().stdout();
    }

    String runWithInput(byte[] input, String... argv) throws IOException {
        return ChildProcess.of(argv).in(dir).withTimeout(timeout).withEnvironment(environment).withInput(input)
                .check().stdout();
    }

    /** Runs and returns whatever happened, for programs whose exit code is the answer (make -q, cmp). */
    ChildProcess.Result attempt(String... argv) throws IOException {
        return ChildProcess.of(argv).in(dir).withTimeout(timeout).withEnvironment(environment).run();
    }
}
