package dcfs.fstests.mount;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One external program run to completion with a deadline: tar, git, gocryptfs -init, the dcfs
 * launcher. On timeout the program and everything it started are killed, so a hung child never
 * outlives the test.
 */
public record ChildProcess(List<String> argv, Path workingDir, Duration timeout, Map<String, String> environment,
                           byte[] stdin) {

    public ChildProcess {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        stdin = stdin == null ? new byte[0] : stdin.clone();
    }

    public static ChildProcess of(String... argv) {
        return new ChildProcess(List.of(argv), null, Duration.ofMinutes(2), Map.of(), null);
    }

    public static ChildProcess of(List<String> argv) {
        return new ChildProcess(argv, null, Duration.ofMinutes(2), Map.of(), null);
    }

    public ChildProcess in(Path dir) {
        return new ChildProcess(argv, dir, timeout, environment, stdin);
    }

    public ChildProcess withTimeout(Duration t) {
        return new ChildProcess(argv, workingDir, t, environment, stdin);
    }

    public ChildProcess withEnvironment(Map<String, String> env) {
        return new ChildProcess(argv, workingDir, timeout, env, stdin);
    }

    public ChildProcess withInput(byte[] input) {
        return new ChildProcess(argv, workingDir, timeout, environment, input);
    }

    /** What a finished program left behind. */
    public record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** Fails with the program's output when it did not exit 0. */
        public Result orThrow() throws IOException {
            if (exitCode != 0) {
                throw new IOException(describe());
            }
            return this;
        }

        public String describe() {
            return String.join(" ", argv) + " exited " + exitCode + "\nstdout: " + tail(stdout) + "\nstderr: " + tail(stderr);
        }

        private static String tail(String s) {
            return s.length() <= 4000 ? s.strip() : "..." + s.substring(s.length() - 4000).strip();
        }
    }

    /** Runs the program; any exit code is returned, only failing to start or the deadline throws. */
    public Result run() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv));
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.environment().putAll(environment);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        // Both pipes are drained on their own threads so a chatty child can never stall on a full pipe.
        Thread outReader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out));
        Thread errReader = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), err));
        try {
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException closedEarly) {
                // the child did not read all its input; its exit code tells the story
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p.toHandle());
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException(String.join(" ", argv) + ": still running after " + timeout.toSeconds()
                        + " s, killed\nstdout so far: " + out + "\nstderr so far: " + err);
            }
            outReader.join();
            errReader.join();
        } catch (InterruptedException e) {
            killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.getFirst(), e);
        }
        return new Result(argv, p.exitValue(), out.toString(), err.toString());
    }

    /** Runs the program and fails unless it exits 0. */
    public Result check() throws IOException {
        return run().orThrow();
    }

    static void killTree(ProcessHandle root) {
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
    }

    private static void drain(InputStream in, StringBuilder sink) {
        try (in) {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            synchronized (sink) {
                sink.append(s);
            }
        } catch (IOException ignored) {
            // the process died; its exit code tells the story
        }
    }
}
