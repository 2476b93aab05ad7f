package dcfs.fstests.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dcfs.fstests.mount.ChildProcess;
import dcfs.fstests.mount.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The syscall driver bound to one test directory: runs calls in it as root or as another caller,
 * and checks their results the way pjdfstest's {@code expect} does (the expectation is a regular
 * expression over the last printed line, so "EACCES|EPERM" accepts either).
 *
 * <p>Words are the driver's command line after the caller options: {@code "open", "f",
 * "O_RDWR", ":", "write", "0", "x"}. Every checked result counts one check in the run report.
 */
public final class Syscalls {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private final Path cwd;
    private final Class<?> testClass;

    public Syscalls(Path cwd, Class<?> testClass) {
        this.cwd = cwd;
        this.testClass = testClass;
    }

    public Path cwd() {
        return cwd;
    }

    /** Runs the words as {@code who} and returns everything printed. */
    public Outcome run(Caller who, String... words) {
        List<String> argv = new ArrayList<>();
        argv.add(FstestProgram.path().toString());
        argv.addAll(who.options());
        argv.add("--");
        argv.addAll(Arrays.asList(words));
        String shown = who + " " + String.join(" ", Arrays.stream(words).map(Syscalls::shorten).toList());
        try {
            ChildProcess.Result r = ChildProcess.of(argv).in(cwd).withTimeout(CALL_TIMEOUT).run();
            if (r.exitCode() != 0) {
                fail("syscall driver refused `" + shown + "`: " + r.describe());
            }
            return new Outcome(shown, r.stdout().lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("running `" + shown + "` in " + cwd, e);
        }
    }

    // Paths near PATH_MAX would drown a failure message: show their start and length.
    private static String shorten(String word) {
        return word.length() <= 64 ? word : word.substring(0, 24) + "…(" + word.length() + " bytes)";
    }

    /** Runs as root; the last call's result. */
    public String call(String... words) {
        return run(Caller.ROOT, words).last();
    }

    public String callAs(Caller who, String... words) {
        return run(who, words).last();
    }

    /** As root: the last result must match {@code expected} (a regular expression). */
    public void expect(String expected, String... words) {
        expectAs(expected, Caller.ROOT, words);
    }

    public void expectAs(String expected, Caller who, String... words) {
        Outcome o = run(who, words);
        RunReport.check(testClass);
        if (!Pattern.matches(expected, o.last())) {
            fail("`" + o.command() + "` in " + cwd.getFileName() + ": expected " + expected + ", got "
                    + (o.last().isEmpty() ? "(nothing)" : o.last()) + (o.lines().size() > 1 ? " (all: " + o.lines() + ")" : ""));
        }
    }

    /** As root: every printed line, one per call, must match its expectation (a regular expression). */
    public void expectLines(List<String> expected, String... words) {
        Outcome o = run(Caller.ROOT, words);
        RunReport.check(testClass);
        boolean ok = o.lines().size() == expected.size();
        for (int i = 0; ok && i < expected.size(); i++) {
            ok = Pattern.matches(expected.get(i), o.lines().get(i));
        }
        if (!ok) {
            fail("`" + o.command() + "` in " + cwd.getFileName() + ": expected " + expected + ", got " + o.lines());
        }
    }

    /** Set-up as root: every call must succeed (not counted as a check; a failure here is still a failure). */
    public void must(String... words) {
        mustAs(Caller.ROOT, words);
    }

    public void mustAs(Caller who, String... words) {
        Outcome o = run(who, words);
        if (o.failed() || o.lines().isEmpty()) {
            fail("set-up call `" + o.command() + "` in " + cwd.getFileName() + " failed: " + o.lines());
        }
    }

    /** As root: the last result as a number (a stat field); fails if the call failed. */
    public long number(String... words) {
        Outcome o = run(Caller.ROOT, words);
        try {
            return Long.parseLong(o.last());
        } catch (NumberFormatException e) {
            throw new AssertionError("`" + o.command() + "` should print a number, printed " + o.last(), e);
        }
    }

    /** A check made in Java (a comparison of two results): asserted and counted. */
    public void check(boolean condition, String what) {
        RunReport.check(testClass);
        assertTrue(condition, what);
    }

    /**
     * Sleeps long enough that a timestamp taken after differs from one taken before: the finest
     * step this filesystem records, measured once per run (whole seconds if it keeps no nanoseconds).
     */
    public void pauseForTimestamps() {
        try {
            Thread.sleep(TimestampGranularity.of(this));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
