package dcfs.fstests.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dcfs.fstests.mount.MountExtension;
import dcfs.fstests.mount.Scratch;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several processes at once in one directory of the mount: writers appending fixed-size records
 * with O_APPEND, a renamer replacing a file by rename, readers checking both as they change. After
 * they finish, every record of every writer must be in the log exactly once, whole, in its writer's
 * order, and the renamed file must be the last version.
 */
@ExtendWith(MountExtension.class)
class ConcurrentDirectoryTest {
    private static final boolean LONG = Boolean.getBoolean("dcfs.long");
    private static final int WRITERS = 4;
    private static final int RECORDS = LONG ? 20_000 : 1_500;
    private static final int VERSIONS = LONG ? 3_000 : 200;
    private static final int READERS = 2;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void appendersRenamerAndReadersInOneDirectory(Scratch scratch) throws Exception {
        Path dir = scratch.dir();
        List<Worker> workers = new ArrayList<>();
        try {
            for (int r = 0; r < READERS; r++) {
                workers.add(Worker.start(scratch, "reader" + r, "read", dir.toString()));
            }
            List<Worker> producers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                producers.add(Worker.start(scratch, "writer" + w, "append", dir.toString(), Integer.toString(w),
                        Integer.toString(RECORDS)));
            }
            producers.add(Worker.start(scratch, "renamer", "rename", dir.toString(), Integer.toString(VERSIONS)));
            workers.addAll(producers);
            for (Worker p : producers) {
                p.awaitSuccess(TimeUnit.MINUTES.toSeconds(LONG ? 25 : 4));
            }
            Files.createFile(dir.resolve("done"));
            for (Worker w : workers) {
                w.awaitSuccess(120);
            }
        } finally {
            workers.forEach(Worker::kill);
        }
        checkLog(Files.readAllBytes(dir.resolve("log")));
        assertEquals(java.util.OptionalInt.of(VERSIONS - 1), Versioned.versionOf(Files.readAllBytes(dir.resolve("current"))),
                "the renamed-over file should be the renamer's last version");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("tmp.")).toList(),
                    "every temporary file was renamed away");
        }
    }

    /** Every record whole, each writer's records all present once and in order: nothing lost, torn or doubled. */
    private static void checkLog(byte[] log) {
        assertEquals((long) WRITERS * RECORDS * AppendRecord.SIZE, log.length,
                "log size: " + WRITERS + " writers x " + RECORDS + " records x " + AppendRecord.SIZE + " bytes");
        int[] next = new int[WRITERS];
        for (int i = 0; i < log.length / AppendRecord.SIZE; i++) {
            int at = i * AppendRecord.SIZE;
            Optional<AppendRecord> r = AppendRecord.parse(log, at);
            if (r.isEmpty()) {
                fail("record " + i + " at byte " + at + " is torn or interleaved: "
                        + new String(log, at, AppendRecord.SIZE, java.nio.charset.StandardCharsets.US_ASCII));
            }
            int w = r.get().writer();
            assertTrue(w < WRITERS, "record " + i + " names writer " + w);
            assertEquals(next[w], r.get().sequence(), "writer " + w + "'s records out of order or missing at record " + i);
            next[w]++;
        }
        for (int w = 0; w < WRITERS; w++) {
            assertEquals(RECORDS, next[w], "records of writer " + w);
        }
    }

    /** One child JVM running {@link ConcurrencyWorker}, its output in a file. */
    private record Worker(String name, Process process, Path output) {
        static Worker start(Scratch scratch, String name, String... args) throws IOException {
            List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-cp", classPath(),
                    ConcurrencyWorker.class.getName()));
            argv.addAll(List.of(args));
            Path out = scratch.localWork().resolve(name + ".out");
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            return new Worker(name, p, out);
        }

        void awaitSuccess(long seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                kill();
                fail(name + " did not finish within " + seconds + " s: " + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                fail(name + " exited " + process.exitValue() + ": " + Files.readString(output).strip());
            }
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }

        // The worker needs only its own classes (test-classes) and the JDK.
        private static String classPath() {
            try {
                return Path.of(ConcurrencyWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
