package dcfs.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dcfs.shardcodec.bench.CodecBenchmark;
import dcfs.shardcodec.bench.CodecCase;
import dcfs.shardcodec.bench.CodecResult;
import dcfs.shardcodec.rs.CodingLoop;
import dcfs.shardcodec.rs.CodingLoops;
import dcfs.tools.ExitCodes;
import dcfs.tools.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dcfs bench codec}: Reed-Solomon throughput for the cases of the JMH benchmarks, measured by
 * shard-codec's {@link CodecBenchmark} (this class only prints). A table by default, streamed a row
 * at a time; {@code --json} prints one object per case at the end.
 */
@Command(name = "codec", mixinStandardHelpOptions = true,
        description = {"Reed-Solomon encode and decode throughput, scalar and vector.",
            "RS(4,2), (10,4), (17,3) with 64 KiB and 1 MiB shards; decode loses m data shards. Single thread, "
                    + "MB/s (10^6 B/s) of data bytes, median of --runs timed runs after a warm-up; about 30 s. "
                    + "The same operations as the JMH benchmarks (shard-codec/README.md)."})
public final class BenchCodecCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON object per case: op, k, m, shard_bytes, impl, mb_per_s, runs_mb_per_s.")
    boolean json;

    @Option(names = "--impl", paramLabel = "IMPL", split = ",",
            description = "Coding loops to measure: scalar, vector (default: every one available here).")
    List<String> impls;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Timed runs per case (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--run-ms", paramLabel = "MS", defaultValue = "100",
            description = "Minimum length of each timed run (default: ${DEFAULT-VALUE}).")
    long runMillis;

    @Option(names = "--warmup-ms", paramLabel = "MS", defaultValue = "250",
            description = "Warm-up per case before timing (default: ${DEFAULT-VALUE}).")
    long warmupMillis;

    @Override
    public Integer call() throws Exception {
        List<String> names = loopNames();
        CodecBenchmark.Settings settings;
        try {
            settings = new CodecBenchmark.Settings(warmupMillis, runs, runMillis);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), ExitCodes.USAGE);
        }
        List<CodecCase> cases = CodecCase.standard(names);
        List<CodecResult> results = new ArrayList<>();
        TablePrinter table = json ? null : new TablePrinter(names, settings);
        if (table != null) {
            table.header();
        }
        CodecBenchmark.measureAll(cases, settings, r -> {
            results.add(r);
            if (table != null) {
                table.offer(r);
            }
        });
        if (json) {
            printJson(results);
        }
        return ExitCodes.OK;
    }

    private List<String> loopNames() {
        List<String> available = CodingLoops.available().stream().map(CodingLoop::name).toList();
        if (impls == null || impls.isEmpty()) {
            return available;
        }
        for (String name : impls) {
            if (!available.contains(name)) {
                String why = "vector".equals(name) ? ": " + CodingLoops.vectorUnavailableReason() : " (scalar or vector)";
                throw new UserError("coding loop '" + name + "' is not available here" + why, ExitCodes.USAGE);
            }
        }
        return List.copyOf(impls);
    }

    private static void printJson(List<CodecResult> results) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        OptionalInt bits = CodingLoops.vectorBits();
        for (CodecResult r : results) {
            CodecCase c = r.benchCase();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("op", c.op().label());
            row.put("k", c.dataShards());
            row.put("m", c.parityShards());
            row.put("shard_bytes", c.shardBytes());
            row.put("impl", c.impl());
            row.put("mb_per_s", Math.round(r.medianMbPerSecond() * 10) / 10.0);
            row.put("runs_mb_per_s", Arrays.stream(r.runsMbPerSecond()).map(v -> Math.round(v * 10) / 10.0).toArray());
            row.put("lost_shards", c.lostShards());
            if ("vector".equals(c.impl()) && bits.isPresent()) {
                row.put("vector_bits", bits.getAsInt());
            }
            rows.add(row);
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        System.out.println(mapper.writeValueAsString(rows));
    }

    /** Prints one row per (op, k, m, shard size) as soon as every loop has a figure for it. */
    private static final class TablePrinter {
        private final List<String> impls;
        private final CodecBenchmark.Settings settings;
        private final Map<String, Double> pending = new LinkedHashMap<>();

        TablePrinter(List<String> impls, CodecBenchmark.Settings settings) {
            this.impls = impls;
            this.settings = settings;
        }

        void header() {
            OptionalInt bits = CodingLoops.vectorBits();
            String vector = bits.isPresent() ? "vector loop: " + bits.getAsInt() + "-bit vectors"
                    : "vector loop not available: " + CodingLoops.vectorUnavailableReason();
            System.out.println("Reed-Solomon, single thread, MB/s of data bytes, median of " + settings.runs()
                    + " runs; " + vector);
            StringBuilder h = new StringBuilder(String.format("%-7s %-6s %9s", "op", "k+m", "shard"));
            for (String impl : impls) {
                h.append(String.format(" %9s", impl));
            }
            if (impls.size() == 2) {
                h.append(String.format(" %8s", "ratio"));
            }
            System.out.println(h);
            System.out.flush();
        }

        void offer(CodecResult r) {
            CodecCase c = r.benchCase();
            pending.put(c.impl(), r.medianMbPerSecond());
            if (pending.size() < impls.size()) {
                return;
            }
            StringBuilder row = new StringBuilder(String.format("%-7s %-6s %9s", c.op().label(),
                    c.dataShards() + "+" + c.parityShards(), size(c.shardBytes())));
            for (String impl : impls) {
                row.append(String.format(" %9.0f", pending.get(impl)));
            }
            if (impls.size() == 2) {
                row.append(String.format(" %7.1fx", pending.get(impls.get(1)) / pending.get(impls.get(0))));
            }
            System.out.println(row);
            System.out.flush();
            pending.clear();
        }

        private static String size(int bytes) {
            return bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : bytes / 1024 + " KiB";
        }
    }
}
