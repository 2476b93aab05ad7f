package dcfs.tools.upkeep;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "ledger", description = "The reward ledger, chain verified.")
public final class LedgerCommand extends NotBuiltCommand {
}
