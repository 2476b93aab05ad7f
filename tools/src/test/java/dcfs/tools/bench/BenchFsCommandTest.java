package dcfs.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.tools.CommandRun;
import dcfs.tools.ExitCodes;
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
        JsonNode root = localBench(work, 2, 1);
        String out = root.toString();
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
        JsonNode root = localBench(work, 1, 0);
        String out = root.toString();
        assertEquals(0, root.get("warmup").size(), out);
        assertEquals(1, root.get("targets").get("local").get(Metric.SEQ_READ.key()).get("runs").size(), out);
    }

    /** The bench on the local directory with tiny sizes: its JSON. */
    private static JsonNode localBench(Path work, int runs, int warmups) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fio")), "fio is installed by tools/run-tests");
        CommandRun run = CommandRun.of("bench", "fs", "--json", "--targets", "local", "--work", work.toString(),
                "--runs", Integer.toString(runs), "--warmup-runs", Integer.toString(warmups), "--size-mb", "4",
                "--randread-seconds", "1", "--files", "20", "--small-files", "5", "--small-kb", "4");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void aNegativeWarmUpCountIsAUserError() {
        assertEquals(ExitCodes.FAILURE, CommandRun.of("bench", "fs", "--targets", "local", "--warmup-runs", "-1").exitCode());
    }
}
