package dcfs.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dcfs.shardcodec.bench.CryptoBench;
import dcfs.tools.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dcfs bench crypto}: AES-256-GCM throughput by call size, and the whole stripe path
 * (Reed-Solomon + AES-GCM segments, format v1) encoding and decoding, in MB/s (10^6 bytes/s) of
 * plaintext. The cases and the timing live in shard-codec ({@code dcfs.shardcodec.bench}), where
 * the JMH benchmarks run the same code. "shared" rows run in this JVM after a common warm-up
 * (steady state); "fresh" rows each in a new JVM, as JMH forks — what a JVM has run before
 * changes GCM speed a hundredfold (see {@link CryptoBench}).
 */
@Command(name = "crypto", mixinStandardHelpOptions = true,
        description = {"AES-256-GCM by call size, and the whole stripe path (RS + AEAD segments), in MB/s.",
            "Single-threaded, median of several short rounds. 'shared' rows: one warmed-up JVM (steady state);",
            "'fresh' rows: a new JVM each, as JMH forks (why segments matter). About 45 s with the defaults."})
public final class BenchCryptoCommand implements Callable<Integer> {
    @Option(names = "--json",
            description = "Print a JSON list of {op, k, m, shard_bytes, segment_bytes, jvm, mb_per_s}.")
    boolean json;

    @Option(names = "--millis-per-case", paramLabel = "MS", defaultValue = "500",
            description = "Time per shared case, its warm-up included (default: ${DEFAULT-VALUE}).")
    long millisPerCase;

    @Option(names = "--millis-per-fresh-case", paramLabel = "MS", defaultValue = "3000",
            description = "Time per fresh-JVM case, its warm-up included (default: ${DEFAULT-VALUE}).")
    long millisPerFreshCase;

    @Option(names = "--warmup-millis", paramLabel = "MS", defaultValue = "2000",
            description = "Warm-up of the shared JVM before its cases (default: ${DEFAULT-VALUE}).")
    long warmupMillis;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Timed rounds per case; the median is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--op", paramLabel = "OP",
            description = "Only these ops (repeatable): gcm-encrypt, gcm-decrypt, encode, decode, decode-degraded, "
                    + "encode-one-call.")
    List<String> ops;

    @Option(names = "--no-fresh", description = "Skip the fresh-JVM cases.")
    boolean noFresh;

    @Override
    public Integer call() throws Exception {
        if (millisPerCase < 30 || millisPerFreshCase < 30 || rounds < 1 || warmupMillis < 0) {
            throw new UserError("--millis-per-case and --millis-per-fresh-case must be at least 30, --rounds at least 1");
        }
        List<CryptoBench.Spec> cases = CryptoBench.defaultCases().stream()
                .filter(c -> ops == null || ops.contains(c.op())).filter(c -> !(noFresh && c.fresh())).toList();
        if (cases.isEmpty()) {
            throw new UserError("no case matches --op " + ops
                    + "; ops are gcm-encrypt, gcm-decrypt, encode, decode, decode-degraded, encode-one-call");
        }
        PrintStream out = System.out;
        if (!json) {
            out.printf("%-16s %3s %3s %8s %8s %7s %9s%n", "op", "k", "m", "shard", "segment", "jvm", "MB/s");
        }
        if (cases.stream().anyMatch(c -> !c.fresh())) {
            CryptoBench.warmUp(warmupMillis);
        }
        CryptoBench bench = new CryptoBench(millisPerCase, rounds);
        List<CryptoBench.Measurement> results = new ArrayList<>();
        for (CryptoBench.Spec spec : cases) {
            CryptoBench.Measurement m = spec.fresh() ? forked(spec) : bench.measure(spec);
            results.add(m);
            if (!json) {
                out.printf("%-16s %3s %3s %8s %8s %7s %9.0f%n", m.op(), m.k() == 0 ? "-" : m.k(),
                        m.m() == 0 ? "-" : m.m(), size(m.shardBytes()), size(m.segmentBytes()),
                        m.fresh() ? "fresh" : "shared", m.mbPerS());
            }
        }
        if (json) {
            List<Map<String, Object>> rows = results.stream().map(BenchCryptoCommand::row).toList();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        }
        return 0;
    }

    /** One case in a child JVM with this JVM's flags and class path (not its CDS archive). */
    private CryptoBench.Measurement forked(CryptoBench.Spec spec) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-XX:SharedArchiveFile") && !arg.contains("AutoCreateSharedArchive")
                    && !arg.startsWith("-Xlog:cds")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CryptoBench.class.getName()));
        cmd.addAll(spec.toArgs());
        cmd.addAll(List.of(Long.toString(millisPerFreshCase), Integer.toString(rounds)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("mb_per_s ")) {
                    result = line.substring("mb_per_s ".length());
                }
            }
        }
        if (!p.waitFor(millisPerFreshCase + 60_000, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
        }
        if (result == null) {
            throw new UserError("the benchmark JVM for " + spec + " exited with " + p.exitValue()
                    + " and no result; try --no-fresh");
        }
        return new CryptoBench.Measurement(spec.op(), spec.k(), spec.m(), spec.shardBytes(), spec.segmentBytes(),
                true, Double.parseDouble(result));
    }

    private static Map<String, Object> row(CryptoBench.Measurement m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("op", m.op());
        row.put("k", m.k());
        row.put("m", m.m());
        row.put("shard_bytes", m.shardBytes());
        row.put("segment_bytes", m.segmentBytes());
        row.put("jvm", m.fresh() ? "fresh" : "shared");
        row.put("mb_per_s", Math.round(m.mbPerS() * 10) / 10.0);
        return row;
    }

    private static String size(int bytes) {
        return bytes >= CryptoBench.MIB && bytes % CryptoBench.MIB == 0 ? bytes / CryptoBench.MIB + " MiB"
                : bytes >= CryptoBench.KIB && bytes % CryptoBench.KIB == 0 ? bytes / CryptoBench.KIB + " KiB"
                : bytes + " B";
    }
}
