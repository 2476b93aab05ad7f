package dcfs.tools;

/**
 * The exit codes of every {@code dcfs} command. A contract with scripts: values never change
 * meaning once released (documented in README.md, "Exit codes").
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The command failed; one line on stderr says why. */
    public static final int FAILURE = 1;
    /** The command line itself was wrong (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** The command exists in the documented surface but is not built yet. */
    public static final int NOT_BUILT = 3;

    private ExitCodes() {
    }
}
