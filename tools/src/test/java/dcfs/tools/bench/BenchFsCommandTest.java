package dcfs.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.tools.ExitCodes;
import dcfs.tools.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcfs bench fs --json} on the local directory alone, with tiny sizes: the warm-up passes are
 * reported apart and never counted among the measured runs (no timing asserted).
 */
class BenchFsCommandTest {

    @Test
    void warmUpPassesAreReportedApartFromTheMeasuredRuns(@TempDir Path work) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fio")), "fio is installed by tools/run-tests");
        String out = capture(() -> assertEquals(ExitCodes.OK, Main.run("bench", "fs", "--json", "--targets", "local",
                "--work", work.toString(), "--runs", "2", "--warmup-runs", "1", "--size-mb", "4",
                "--randread-seconds", "1", "--files", "20", "--small-files", "5", "--small-kb", "4")));
        JsonNode root = new ObjectMapper().readTree(out);
        assertEquals(1, root.get("warmup_runs").asInt(), out);
        JsonNode warm = root.get("warmup").get("local");
        assertEquals(1, warm.get(Metric.SEQ_WRITE.key()).size(), out);
        assertEquals(1, warm.get(Metric.SEQ_READ.key()).size(), out);
        assertTrue(warm.get(Metric.SEQ_WRITE.key()).get(0).asDouble() > 0, out);
        // Only the sequential workloads are warmed up; the measured runs hold exactly --runs values.
        assertEquals(2, warm.size(), out);
        JsonNode measured = root.get("targets").get("local");
        assertEquals(2, measured.get(Metric.SEQ_WRITE.key()).get("runs").size(), out);
        assertEquals(2, measured.get(Metric.CREATE.key()).get("runs").size(), out);
        try (var left = Files.list(work)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("bench-")).count(),
                    "the warm-up file and the workloads' files are removed");
        }
    }

    @Test
    void noWarmUpWhenAskedForNone(@TempDir Path work) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fio")), "fio is installed by tools/run-tests");
        String out = capture(() -> assertEquals(ExitCodes.OK, Main.run("bench", "fs", "--json", "--targets", "local",
                "--work", work.toString(), "--runs", "1", "--warmup-runs", "0", "--size-mb", "4",
                "--randread-seconds", "1", "--files", "10", "--small-files", "5", "--small-kb", "4")));
        JsonNode root = new ObjectMapper().readTree(out);
        assertEquals(0, root.get("warmup").size(), out);
        assertEquals(1, root.get("targets").get("local").get(Metric.SEQ_READ.key()).get("runs").size(), out);
    }

    @Test
    void aNegativeWarmUpCountIsAUserError() {
        assertEquals(ExitCodes.FAILURE, Main.run("bench", "fs", "--targets", "local", "--warmup-runs", "-1"));
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
