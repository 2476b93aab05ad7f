package dcfs.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One in-process run of {@code dcfs …} through {@link Main#run}, with its exit code, stdout and stderr. */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs the command with System.out and System.err captured (tests run one command at a time). */
    public static synchronized CommandRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = Main.run(args);
            return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * A line slf4j-simple wrote for some thread ("[thread] LEVEL logger - …"): a test's in-process
     * cluster logs to the same System.err while a command runs.
     */
    private static final Pattern LOG_LINE = Pattern.compile("^\\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) ");

    /** The single stderr line the command wrote (other threads' log lines left out), without its line end. */
    public String errLine() {
        return err.lines().filter(l -> !LOG_LINE.matcher(l).find()).collect(Collectors.joining("\n")).strip();
    }
}
