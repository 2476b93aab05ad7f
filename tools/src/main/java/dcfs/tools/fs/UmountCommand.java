package dcfs.tools.fs;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "umount", description = "Flush everything to the nodes, then unmount.")
public final class UmountCommand extends NotBuiltCommand {
}
