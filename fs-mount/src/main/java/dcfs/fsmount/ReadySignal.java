package dcfs.fsmount;

import java.io.PrintStream;

/**
 * How a mount process tells whoever started it that the mount is ready, or why it failed. A
 * detached mount process prints one line on its stdout (a pipe to the {@code dcfs mount} that
 * started it) and then nothing more there.
 */
public interface ReadySignal {
    String READY = "DCFS-READY";
    String FAILED = "DCFS-FAILED";
    /** A line the user should read (an option that did not apply), before READY. */
    String NOTE = "DCFS-NOTE";

    void ready(long pid);

    default void note(String line) {
    }

    void failed(String reason);

    /** Prints nothing (foreground mounts in a terminal). */
    ReadySignal NONE = new ReadySignal() {
        @Override
        public void ready(long pid) {
        }

        @Override
        public void failed(String reason) {
        }
    };

    /** The line protocol on stdout, then stdout is pointed at stderr (the log). */
    static ReadySignal stdoutLine() {
        return new ReadySignal() {
            private final PrintStream out = System.out;

            @Override
            public void note(String line) {
                out.println(NOTE + " " + line.replace('\n', ' '));
                out.flush();
            }

            @Override
            public void ready(long pid) {
                out.println(READY + " " + pid);
                out.flush();
                System.setOut(System.err);
            }

            @Override
            public void failed(String reason) {
                out.println(FAILED + " " + reason.replace('\n', ' '));
                out.flush();
                System.setOut(System.err);
            }
        };
    }
}
