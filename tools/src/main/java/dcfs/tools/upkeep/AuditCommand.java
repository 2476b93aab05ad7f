package dcfs.tools.upkeep;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "audit", description = "Proofs of storage against the nodes holding this filesystem's shards.")
public final class AuditCommand extends NotBuiltCommand {
}
