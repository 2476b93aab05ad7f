package dcfs.tools.keys;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "keys", description = "Show the filesystem identity (fingerprint, xpub) or the xpub at a BIP32 path; rotate key epochs.")
public final class KeysCommand extends NotBuiltCommand {
}
