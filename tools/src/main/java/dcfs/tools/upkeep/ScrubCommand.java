package dcfs.tools.upkeep;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "scrub", description = "Read and authenticate every shard.")
public final class ScrubCommand extends NotBuiltCommand {
}
