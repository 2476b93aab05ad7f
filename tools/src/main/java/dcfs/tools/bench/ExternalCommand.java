package dcfs.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external program to completion (fio, gocryptfs, gluster, the dcfs launcher) and returns
 * its output; a non-zero exit becomes an {@link IOException} carrying the program's last lines.
 */
record ExternalCommand(List<String> argv, Path workingDir, long timeoutSeconds) {

    static ExternalCommand of(String... argv) {
        return new ExternalCommand(List.of(argv), null, 600);
    }

    ExternalCommand withTimeout(long seconds) {
        return new ExternalCommand(argv, workingDir, seconds);
    }

    /** Runs and returns stdout; stderr is kept for the error message. */
    String run() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv));
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        try {
            // Read both streams on their own threads so neither pipe can fill and stall the child.
            StringBuilder stdout = new StringBuilder();
            StringBuilder stderr = new StringBuilder();
            Thread outReader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), stdout));
            Thread errReader = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), stderr));
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + ": no answer after " + timeoutSeconds + " s");
            }
            outReader.join();
            errReader.join();
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", argv) + " exited " + p.exitValue() + ": " + lastLines(stderr + "\n" + stdout));
            }
            return stdout.toString();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.get(0), e);
        }
    }

    private static void drain(java.io.InputStream in, StringBuilder sink) {
        try (in) {
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            synchronized (sink) {
                sink.append(s);
            }
        } catch (IOException ignored) {
            // the process died; its exit code tells the story
        }
    }

    private static String lastLines(String text) {
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - 3);
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
    }
}
