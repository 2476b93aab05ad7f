package dcfs.tools.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcfs bench codec|crypto|fs}: the benchmarks behind the README's figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "The benchmarks behind the README's figures.",
        subcommands = {BenchCodecCommand.class, BenchCryptoCommand.class, BenchFsCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
