package dcfs.tools;

import dcfs.tools.bench.BenchCommand;
import dcfs.tools.codec.ShardsCommand;
import dcfs.tools.fs.MountCommand;
import dcfs.tools.fs.RecoverCommand;
import dcfs.tools.fs.UmountCommand;
import dcfs.tools.keys.InitCommand;
import dcfs.tools.keys.KeysCommand;
import dcfs.tools.keys.NetworkCommand;
import dcfs.tools.node.ClusterCommand;
import dcfs.tools.node.NodeCommand;
import dcfs.tools.node.StatusCommand;
import dcfs.tools.upkeep.AuditCommand;
import dcfs.tools.upkeep.LedgerCommand;
import dcfs.tools.upkeep.RepairCommand;
import dcfs.tools.upkeep.ScrubCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code dcfs} command: the surface of ../shared/CLI.md. */
@Command(
        name = "dcfs",
        mixinStandardHelpOptions = true,
        versionProvider = DcfsCommand.Version.class,
        description = "A decentralized datacenter you can mount.",
        subcommands = {
            InitCommand.class,
            MountCommand.class,
            UmountCommand.class,
            NodeCommand.class,
            ClusterCommand.class,
            StatusCommand.class,
            KeysCommand.class,
            NetworkCommand.class,
            ShardsCommand.class,
            AuditCommand.class,
            ScrubCommand.class,
            RepairCommand.class,
            RecoverCommand.class,
            LedgerCommand.class,
            BenchCommand.class,
            InstallCommand.class,
            CommandLine.HelpCommand.class
        })
public final class DcfsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** A configured command line: one-line errors, exit codes from {@link ExitCodes}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DcfsCommand());
        cl.setExecutionExceptionHandler(new ErrorReporter());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("dcfs: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'dcfs " + qualified(ex.getCommandLine()) + "--help'.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    private static String qualified(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        String rest = name.startsWith("dcfs") ? name.substring(4).trim() : name;
        return rest.isEmpty() ? "" : rest + " ";
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DcfsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"dcfs " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
