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
 * One JDK AES-256-GCM call (init, AAD, doFinal) by call size: the {@link GcmCall} that
 * {@code dcfs bench crypto} times. MB/s = ops/s × callBytes / 10^6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GcmCallBenchmark {
    @Param({"4096", "16384", "65536", "262144", "1048576"})
    public int callBytes;

    @Param({"true", "false"})
    public boolean encrypt;

    private CryptoCase call;

    @Setup(Level.Trial)
    public void setUp() {
        call = new GcmCall(encrypt, callBytes);
    }

    @Benchmark
    public int call() {
        return call.runOnce();
    }
}
