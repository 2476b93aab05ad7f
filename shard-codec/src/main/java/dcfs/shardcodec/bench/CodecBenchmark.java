package dcfs.shardcodec.bench;

import java.util.function.Consumer;

/**
 * Times one case the simple way: run the operation for a warm-up period (so C2 has compiled the
 * loop), then {@code runs} timed runs of at least {@code runMillis} each, and report the median.
 * The JMH benchmarks measure the same {@link CodecWorkload#run()} with JMH's rigour; this runner
 * exists so {@code dcfs bench codec} gives comparable figures in well under a minute.
 */
public final class CodecBenchmark {

    /** How long to measure. */
    public record Settings(long warmupMillis, int runs, long runMillis) {
        /** About 0.75 s per case: the 24 standard cases take under 30 s on an idle machine. */
        public static final Settings QUICK = new Settings(250, 5, 100);

        public Settings {
            if (warmupMillis < 0 || runs < 1 || runMillis < 1) {
                throw new IllegalArgumentException("need warm-up >= 0 ms, at least 1 run of at least 1 ms");
            }
        }
    }

    private CodecBenchmark() {
    }

    /** Measures one case; see the class comment. */
    public static CodecResult measure(CodecCase benchCase, Settings settings) {
        CodecWorkload workload = CodecWorkload.prepare(benchCase);
        long warmupEnd = System.nanoTime() + settings.warmupMillis() * 1_000_000L;
        do {
            workload.run();
        } while (System.nanoTime() < warmupEnd);

        double[] runs = new double[settings.runs()];
        long runNanos = settings.runMillis() * 1_000_000L;
        for (int r = 0; r < runs.length; r++) {
            long operations = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                workload.run();
                operations++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < runNanos);
            runs[r] = operations * benchCase.dataBytes() / (elapsed / 1e9) / 1e6;
        }
        if (!workload.parityCorrect()) {
            throw new IllegalStateException("the " + benchCase.impl() + " loop produced wrong parity in " + benchCase);
        }
        return new CodecResult(benchCase, CodecResult.median(runs), runs);
    }

    /** Measures each case in turn, handing every result to {@code sink} as it is ready. */
    public static void measureAll(Iterable<CodecCase> cases, Settings settings, Consumer<CodecResult> sink) {
        for (CodecCase c : cases) {
            sink.accept(measure(c, settings));
        }
    }
}
