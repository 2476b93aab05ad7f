package dcfs.tools.node;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcfs cluster start|stop|status --dir DIR}: a local cluster of node processes. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Start, stop or inspect a local cluster of node processes.",
        subcommands = {ClusterStartCommand.class, ClusterStopCommand.class, ClusterStatusCommand.class})
public final class ClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
