package dcfs.tools.keys;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "init", description = "Create a keyring: a new 24-word mnemonic, or --mnemonic-file to restore one.")
public final class InitCommand extends NotBuiltCommand {
}
