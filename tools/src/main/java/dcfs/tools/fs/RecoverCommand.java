package dcfs.tools.fs;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "recover", description = "Rebuild the whole tree from shard files and the mnemonic, with no network.")
public final class RecoverCommand extends NotBuiltCommand {
}
