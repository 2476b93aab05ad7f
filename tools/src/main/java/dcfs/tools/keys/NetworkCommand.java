package dcfs.tools.keys;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcfs network init|issue|revoke|show}: a private network's admission authority. */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Create a private network (admission key) and issue or revoke node and client certificates.",
        subcommands = {NetworkInitCommand.class, NetworkIssueCommand.class, NetworkRevokeCommand.class,
            NetworkShowCommand.class})
public final class NetworkCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
