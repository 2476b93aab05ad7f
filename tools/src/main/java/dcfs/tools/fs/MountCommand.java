package dcfs.tools.fs;

import dcfs.tools.NotBuiltCommand;
import picocli.CommandLine.Command;

@Command(name = "mount", description = "Mount the filesystem.")
public final class MountCommand extends NotBuiltCommand {
}
