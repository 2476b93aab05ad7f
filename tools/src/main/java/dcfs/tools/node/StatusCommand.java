package dcfs.tools.node;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "status", description = "Nodes (up/down, RTT, group, capacity, shards) and the filesystem's health.")
public final class StatusCommand extends NotBuiltCommand {
}
