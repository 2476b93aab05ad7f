package dcfs.tools;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --home DIR} option every command that touches the keyring or local state takes
 * (CLI.md): {@code --home}, else {@code $DCFS_HOME}, else {@code ~/.dcfs}. Use as a picocli
 * {@code @Mixin}.
 */
public final class HomeOption {
    @Option(names = "--home", paramLabel = "DIR",
            description = "dcfs home directory (default: $DCFS_HOME, else ~/.dcfs).")
    Path home;

    /** The home directory this command uses; not created here. */
    public Path resolve() {
        if (home != null) {
            return home.toAbsolutePath();
        }
        String env = System.getenv("DCFS_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".dcfs");
    }
}
