package dcfs.fstests.fsx;

import dcfs.fstests.mount.MountExtension;
import dcfs.fstests.mount.Scratch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fsx-style exerciser through the mount. The default run is short (a few thousand operations);
 * {@code -Ddcfs.long=true} runs long ones. The seed is random unless {@code -Ddcfs.fsx.seed} gives
 * one, and is printed (in the test output, and in the failure) so any run can be replayed.
 */
@ExtendWith(MountExtension.class)
class FsxTest {
    private static final boolean LONG = Boolean.getBoolean("dcfs.long");

    /** A small file (fsx's default 256 KiB) hammered with many short operations. */
    @Test
    @Timeout(value = 60, unit = java.util.concurrent.TimeUnit.MINUTES)
    void smallFile(Scratch scratch) throws IOException {
        run(scratch, "small", new FsxConfig(256 * 1024, 64 * 1024, LONG ? 200_000 : 4_000, seed()));
    }

    /**
     * A file spanning several dcfs stripes (4 MiB each by default) with long operations, so reads,
     * writes, holes and truncates cross stripe boundaries.
     */
    @Test
    @Timeout(value = 60, unit = java.util.concurrent.TimeUnit.MINUTES)
    void stripedFile(Scratch scratch) throws IOException {
        run(scratch, "striped", new FsxConfig(14 * 1024 * 1024, 1024 * 1024, LONG ? 20_000 : 600, seed()));
    }

    private static void run(Scratch scratch, String name, FsxConfig config) throws IOException {
        System.out.println("fsx " + name + ": seed " + config.seed() + ", " + config.operations() + " operations");
        Path log = Path.of(System.getProperty("dcfs.fstests.buildDir", "target"), "fsx-" + name + "-" + config.seed() + ".log");
        new Exerciser(scratch.dir().resolve("fsx-" + name), config, log).run();
    }

    private static long seed() {
        String given = System.getProperty("dcfs.fsx.seed", "").strip();
        return given.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given);
    }
}
