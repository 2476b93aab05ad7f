package dcfs.tools.node;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcfs node run}: one storage node in the foreground. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Run one storage node in the foreground.",
        subcommands = {NodeRunCommand.class})
public final class NodeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
