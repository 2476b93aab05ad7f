package dcfs.tools;

import picocli.CommandLine;

/** Entry point of the {@code dcfs} command; see docs/cli.md and ../shared/CLI.md. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (used by tests too). */
    public static int run(String... args) {
        return DcfsCommand.commandLine().execute(args);
    }
}
