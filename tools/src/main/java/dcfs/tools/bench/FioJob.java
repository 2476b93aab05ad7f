package dcfs.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One fio job on one file, run with --output-format=json; the figures are read from its report. */
record FioJob(String name, String rw, String blockSize, long sizeBytes, int runtimeSeconds, boolean endFsync) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the job on {@code file} and returns its result for the job's direction. */
    FioResult run(Path file) throws IOException {
        List<String> argv = new ArrayList<>(List.of("fio", "--name=" + name, "--filename=" + file,
                "--rw=" + rw, "--bs=" + blockSize, "--size=" + sizeBytes, "--ioengine=psync",
                "--output-format=json"));
        if (runtimeSeconds > 0) {
            argv.add("--runtime=" + runtimeSeconds);
            argv.add("--time_based");
        }
        if (endFsync) {
            argv.add("--end_fsync=1");
        }
        String out = new ExternalCommand(argv, null, 1800).run();
        // fio may print warnings before the JSON document.
        JsonNode job = JSON.readTree(out.substring(out.indexOf('{'))).path("jobs").path(0);
        JsonNode side = job.path(rw.contains("write") ? "write" : "read");
        if (side.isMissingNode()) {
            throw new IOException("fio printed no " + rw + " figures");
        }
        return new FioResult(side.path("bw_bytes").asDouble() / 1e6, side.path("iops").asDouble());
    }

    record FioResult(double megabytesPerSecond, double iops) {
    }
}
