package dcfs.tools.keys;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "network", description = "Create a private network (admission key) and issue node and client certificates.")
public final class NetworkCommand extends NotBuiltCommand {
}
