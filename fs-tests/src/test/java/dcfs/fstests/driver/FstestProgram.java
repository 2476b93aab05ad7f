package dcfs.fstests.driver;

import dcfs.fstests.mount.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The compiled syscall driver (src/test/c/fstest.c): built with gcc into target/ on first use in
 * a run, and again whenever the source is newer than the binary.
 */
public final class FstestProgram {
    public static final String SOURCE_PROPERTY = "dcfs.fstests.driverSource";
    private static Path binary;

    private FstestProgram() {
    }

    public static synchronized Path path() {
        if (binary == null) {
            try {
                binary = build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return binary;
    }

    private static Path build() throws IOException {
        Path source = Path.of(System.getProperty(SOURCE_PROPERTY, "src/test/c/fstest.c")).toAbsolutePath();
        if (!Files.isRegularFile(source)) {
            throw new IOException("the syscall driver's source is missing: " + source);
        }
        Path out = Path.of(System.getProperty("dcfs.fstests.buildDir", "target")).toAbsolutePath().resolve("fstest");
        if (Files.isExecutable(out) && Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(source)) > 0) {
            return out;
        }
        ChildProcess.Result r;
        try {
            r = ChildProcess.of("gcc", "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-o", out.toString(),
                    source.toString()).withTimeout(Duration.ofMinutes(2)).run();
        } catch (IOException noGcc) {
            throw new IOException("the POSIX suite compiles its syscall driver with gcc, which could not be run ("
                    + noGcc.getMessage() + "); install it: apt-get install -y gcc", noGcc);
        }
        if (!r.succeeded()) {
            throw new IOException("compiling the syscall driver failed: " + r.describe());
        }
        return out;
    }
}
