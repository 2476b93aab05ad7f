package dcfs.tools.keys;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

/** {@code dcfs keys rotate}: needs the filesystem (a new epoch recorded in metadata, re-encryption). */
@Command(name = "rotate", description = "Start a new key epoch and re-encrypt older shards in the background, with progress.")
public final class KeysRotateCommand extends NotBuiltCommand {
}
