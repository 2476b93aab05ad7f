package dcfs.tools.upkeep;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "repair", description = "Rebuild missing or bad shards onto healthy nodes.")
public final class RepairCommand extends NotBuiltCommand {
}
