package dcfs.fsmount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs libfuse's {@code fusermount} to unmount (as any user may, for their own mounts). */
public final class Fusermount {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/fusermount"), Path.of("/bin/fusermount"),
            Path.of("/usr/local/bin/fusermount"));

    private Fusermount() {
    }

    /** What fusermount said: its exit code and its (trimmed) stderr. */
    public record Result(int exitCode, String message) {
        public boolean ok() {
            return exitCode == 0;
        }

        public boolean busy() {
            return message.contains("busy");
        }
    }

    public static Path binary() throws MountFailure {
        for (Path p : CANDIDATES) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new MountFailure("fusermount not found: install FUSE (apt-get install fuse)");
    }

    /** {@code fusermount -u [-z] mountPoint}. */
    public static Result unmount(Path mountPoint, boolean lazy) throws MountFailure {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "-u"));
        if (lazy) {
            cmd.add("-z");
        }
        cmd.add(mountPoint.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "fusermount did not finish");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new MountFailure("cannot run fusermount: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountFailure("interrupted while unmounting");
        }
    }
}
