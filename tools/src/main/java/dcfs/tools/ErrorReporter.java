package dcfs.tools;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into the one clear stderr line CLI.md promises. The
 * stack trace is printed only with {@code DCFS_DEBUG=1}, for bug reports.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        String cmd = cl.getCommandSpec().qualifiedName(" ");
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (ex instanceof UserError ue) {
            cl.getErr().println(cmd + ": " + message);
            debug(ex, cl);
            return ue.exitCode();
        }
        cl.getErr().println(cmd + ": " + message + describeCause(ex));
        debug(ex, cl);
        return ExitCodes.FAILURE;
    }

    private static String describeCause(Throwable ex) {
        Throwable c = ex.getCause();
        if (c == null || c.getMessage() == null || (ex.getMessage() != null && ex.getMessage().contains(c.getMessage()))) {
            return "";
        }
        return " (" + c.getMessage() + ")";
    }

    private static void debug(Exception ex, CommandLine cl) {
        if ("1".equals(System.getenv("DCFS_DEBUG"))) {
            ex.printStackTrace(cl.getErr());
        }
    }
}
