package dcfs.tools.node;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "cluster", description = "Start, stop or inspect a local cluster of node processes.")
public final class ClusterCommand extends NotBuiltCommand {
}
