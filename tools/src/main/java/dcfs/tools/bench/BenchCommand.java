package dcfs.tools.bench;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "bench", description = "The benchmarks behind the README's figures (codec|crypto|fs).")
public final class BenchCommand extends NotBuiltCommand {
}
