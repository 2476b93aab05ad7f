package dcfs.tools;

/**
 * A failure the user can act on. The message is printed as the single line on stderr and the
 * command exits with {@link #exitCode()}; no stack trace.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserError(String message) {
        this(message, ExitCodes.FAILURE);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = ExitCodes.FAILURE;
    }

    public int exitCode() {
        return exitCode;
    }
}
