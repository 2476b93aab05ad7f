package dcfs.tools.bench;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "codec", description = "Reed-Solomon encode and decode throughput, scalar and vector.")
public final class BenchCodecCommand extends NotBuiltCommand {
}
