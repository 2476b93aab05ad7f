package dcfs.tools.node;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "node", description = "Run one storage node in the foreground.")
public final class NodeCommand extends NotBuiltCommand {
}
