package dcfs.tools;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Puts {@code dcfs} on PATH by linking a bin directory entry to the launcher script. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Link /usr/local/bin/dcfs (or --bin-dir) to this checkout's tools/dcfs launcher.")
public final class InstallCommand implements Callable<Integer> {
    @Option(names = "--bin-dir", description = "Directory on PATH to link into (default: ${DEFAULT-VALUE}).")
    Path binDir = Path.of("/usr/local/bin");

    @Override
    public Integer call() throws Exception {
        String launcher = System.getProperty("dcfs.launcher");
        if (launcher == null) {
            throw new UserError("run this through the launcher: tools/dcfs install");
        }
        Path target = Path.of(launcher).toRealPath();
        Path link = binDir.resolve("dcfs");
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
                System.out.println(link + " already points at " + target);
                return ExitCodes.OK;
            }
            if (!Files.isSymbolicLink(link)) {
                throw new UserError(link + " exists and is not a link; remove it first");
            }
            Files.delete(link);
        }
        Files.createDirectories(binDir);
        Files.createSymbolicLink(link, target);
        System.out.println("linked " + link + " -> " + target);
        return ExitCodes.OK;
    }
}
