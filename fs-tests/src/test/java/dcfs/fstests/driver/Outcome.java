package dcfs.fstests.driver;

import java.util.List;

/**
 * What one run of the driver printed: a line per call made ("0", a value, or the errno name of the
 * call that failed, which is then the last line).
 */
public record Outcome(String command, List<String> lines) {
    public Outcome {
        lines = List.copyOf(lines);
    }

    /** The last call's result: what pjdfstest compares. */
    public String last() {
        return lines.isEmpty() ? "" : lines.getLast();
    }

    public boolean failed() {
        return last().startsWith("E");
    }
}
