package dcfs.tools.bench;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "fs", description = "The mount beside gocryptfs and the local disk: fio, metadata and small-file workloads.")
public final class BenchFsCommand extends NotBuiltCommand {
}
