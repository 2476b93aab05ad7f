package dcfs.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dcfs.shardcodec.bench.CryptoBench;
import dcfs.tools.UserError;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dcfs bench crypto}: AES-256-GCM throughput by call size, and the whole stripe path
 * (Reed-Solomon + AES-GCM segments, format v1) encoding and decoding, in MB/s (10^6 bytes/s) of
 * plaintext. The cases and the timing live in shard-codec ({@code dcfs.shardcodec.bench}), where
 * the JMH benchmarks run the same code.
 */
@Command(name = "crypto", mixinStandardHelpOptions = true,
        description = {"AES-256-GCM by call size, and the whole stripe path (RS + AEAD segments), in MB/s.",
            "Single-threaded; median of several short rounds per case; about 25 s with the defaults."})
public final class BenchCryptoCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print a JSON list of {op, k, m, shard_bytes, segment_bytes, mb_per_s}.")
    boolean json;

    @Option(names = "--millis-per-case", paramLabel = "MS", defaultValue = "600",
            description = "Time per case, warm-up included (default: ${DEFAULT-VALUE}).")
    long millisPerCase;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Timed rounds per case; the median is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--op", paramLabel = "OP",
            description = "Only these ops (repeatable): gcm-encrypt, gcm-decrypt, encode, decode, decode-degraded, "
                    + "encode-one-call.")
    List<String> ops;

    @Override
    public Integer call() throws Exception {
        if (millisPerCase < 30 || rounds < 1) {
            throw new UserError("--millis-per-case must be at least 30 and --rounds at least 1");
        }
        List<CryptoBench.Spec> cases = CryptoBench.defaultCases().stream()
                .filter(c -> ops == null || ops.contains(c.op())).toList();
        if (cases.isEmpty()) {
            throw new UserError("no case matches --op " + ops
                    + "; ops are gcm-encrypt, gcm-decrypt, encode, decode, decode-degraded, encode-one-call");
        }
        PrintStream out = System.out;
        if (!json) {
            out.printf("%-16s %3s %3s %10s %10s %10s%n", "op", "k", "m", "shard", "segment", "MB/s");
        }
        List<CryptoBench.Measurement> results = new CryptoBench(millisPerCase, rounds).run(cases, m -> {
            if (!json) {
                out.printf("%-16s %3s %3s %10s %10s %10.0f%n", m.op(), m.k() == 0 ? "-" : m.k(),
                        m.m() == 0 ? "-" : m.m(), size(m.shardBytes()), size(m.segmentBytes()), m.mbPerS());
            }
        });
        if (json) {
            List<Map<String, Object>> rows = results.stream().map(BenchCryptoCommand::row).toList();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        }
        return 0;
    }

    private static Map<String, Object> row(CryptoBench.Measurement m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("op", m.op());
        row.put("k", m.k());
        row.put("m", m.m());
        row.put("shard_bytes", m.shardBytes());
        row.put("segment_bytes", m.segmentBytes());
        row.put("mb_per_s", Math.round(m.mbPerS() * 10) / 10.0);
        return row;
    }

    private static String size(int bytes) {
        return bytes >= CryptoBench.MIB && bytes % CryptoBench.MIB == 0 ? bytes / CryptoBench.MIB + " MiB"
                : bytes >= CryptoBench.KIB && bytes % CryptoBench.KIB == 0 ? bytes / CryptoBench.KIB + " KiB"
                : bytes + " B";
    }
}
