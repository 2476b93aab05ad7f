package dcfs.shardcodec.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reed-Solomon encode and decode (m data shards lost, at most k), single-threaded, one
 * {@link CodecWorkload#run()} per invocation: the operation {@code dcfs bench codec} times too.
 * JMH reports operations per second; {@link JmhMain} turns them into MB/s of data bytes.
 * Run with {@code mvn -B -o -pl shard-codec -am -Pjmh -DskipTests verify} (shard-codec/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReedSolomonBenchmark {

    @Param({"encode", "decode"})
    public String op;

    /** k+m. */
    @Param({"4+2", "10+4", "17+3"})
    public String shape;

    @Param({"65536", "1048576"})
    public int shardBytes;

    @Param({"scalar", "vector"})
    public String impl;

    private CodecWorkload workload;

    @Setup
    public void prepare() {
        workload = CodecWorkload.prepare(benchCase(op, shape, shardBytes, impl));
    }

    @Benchmark
    public void run() {
        workload.run();
    }

    /** The case a parameter set names. */
    static CodecCase benchCase(String op, String shape, int shardBytes, String impl) {
        String[] km = shape.split("\\+");
        return new CodecCase(CodecOp.valueOf(op.toUpperCase(java.util.Locale.ROOT)),
                Integer.parseInt(km[0]), Integer.parseInt(km[1]), shardBytes, impl);
    }
}
