package dcfs.tools.codec;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "shards", description = "Offline Reed-Solomon on plain files (encode|decode), no network and no keys.")
public final class ShardsCommand extends NotBuiltCommand {
}
