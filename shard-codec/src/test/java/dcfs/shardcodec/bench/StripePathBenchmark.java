package dcfs.shardcodec.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole stripe path (Reed-Solomon + AES-256-GCM segments, format v1), one stripe per
 * invocation: the same {@link StripeRound} that {@code dcfs bench crypto} times. Throughput in
 * stripes/s; MB/s of data = ops/s × k × shardBytes / 10^6.
 *
 * <p>{@code encode-one-call} (not format v1: one AES-GCM call per whole shard) is the
 * single-segment-per-shard variant that shows what segments buy on 1 MiB shards; on 64 KiB shards
 * with 64 KiB segments, encode already is one segment per shard.
 *
 * <p>Run (from the repository root, after {@code mvn -o -pl shard-codec -am test-compile}):
 * {@code shard-codec/jmh-crypto StripePathBenchmark -p k_m=4+2 -p shardBytes=1048576}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StripePathBenchmark {
    @Param({"4+2", "10+4"})
    public String k_m;

    @Param({"65536", "1048576"})
    public int shardBytes;

    @Param({"16384", "65536", "262144"})
    public int segmentBytes;

    @Param({"encode", "decode", "decode-degraded", "encode-one-call"})
    public String op;

    private CryptoCase round;

    @Setup(Level.Trial)
    public void setUp() {
        String[] km = k_m.split("\\+");
        round = new StripeRound(op, Integer.parseInt(km[0]), Integer.parseInt(km[1]), shardBytes, segmentBytes);
    }

    @Benchmark
    public int stripe() {
        return round.runOnce();
    }
}
