package dcfs.shardcodec.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of this module (any JMH command-line option works, e.g.
 * {@code -p impl=vector -p shape=10+4}), then prints the {@link ReedSolomonBenchmark} scores as MB/s
 * of data bytes beside each other. Forked benchmark JVMs get this JVM's flags (the Vector API module
 * above all) unless {@code -jvmArgs} says otherwise.
 */
public final class JmhMain {
    private JmhMain() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(ReedSolomonBenchmark.class.getSimpleName());
        }
        if (!cli.getJvmArgs().hasValue()) {
            options.jvmArgs(ManagementFactory.getRuntimeMXBean().getInputArguments().toArray(String[]::new));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        printMegabytesPerSecond(results);
    }

    private static void printMegabytesPerSecond(Collection<RunResult> results) {
        List<String[]> rows = new ArrayList<>();
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.removeIf(r -> !r.getParams().getBenchmark().endsWith("ReedSolomonBenchmark.run"));
        sorted.sort(Comparator.comparing((RunResult r) -> r.getParams().getParam("op"))
                .reversed()
                .thenComparing(r -> r.getParams().getParam("shape").length())
                .thenComparing(r -> r.getParams().getParam("shape"))
                .thenComparing(r -> Integer.parseInt(r.getParams().getParam("shardBytes")))
                .thenComparing(r -> r.getParams().getParam("impl")));
        for (RunResult r : sorted) {
            var p = r.getParams();
            CodecCase c = ReedSolomonBenchmark.benchCase(p.getParam("op"), p.getParam("shape"),
                    Integer.parseInt(p.getParam("shardBytes")), p.getParam("impl"));
            Result<?> score = r.getPrimaryResult();
            double scale = c.dataBytes() / 1e6;
            rows.add(new String[] {c.op().label(), c.dataShards() + "+" + c.parityShards(),
                String.valueOf(c.shardBytes()), c.impl(),
                String.format("%.0f", score.getScore() * scale),
                String.format("%.0f", score.getScoreError() * scale)});
        }
        System.out.println();
        System.out.println("Reed-Solomon, MB/s of data bytes (10^6 B/s), single thread, JMH mean ± 99.9% error:");
        System.out.printf("%-7s %-5s %10s %-7s %9s %7s%n", "op", "k+m", "shard_B", "impl", "MB/s", "±");
        for (String[] row : rows) {
            System.out.printf("%-7s %-5s %10s %-7s %9s %7s%n", (Object[]) row);
        }
    }
}
