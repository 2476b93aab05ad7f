package dcfs.fstests.concurrency;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;

/**
 * The child processes of {@link ConcurrentDirectoryTest}: a second JVM entry point, so appends,
 * renames and reads come from separate processes with their own descriptors, as from separate
 * programs. Exit 0 when the role's own checks held, 1 with a line on stderr when not.
 *
 * <pre>
 * append  DIR WRITER COUNT   append COUNT records (O_APPEND, one write(2) each) to DIR/log
 * rename  DIR COUNT          write DIR/tmp.N whole, fsync, rename it over DIR/current, N = 0..COUNT-1
 * read    DIR                until DIR/done exists: every whole record of DIR/log must be intact,
 *                            DIR/current must always be one whole version, never older than one seen
 * </pre>
 */
public final class ConcurrencyWorker {
    private ConcurrencyWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        try {
            switch (args[0]) {
                case "append" -> append(dir, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                case "rename" -> rename(dir, Integer.parseInt(args[2]));
                case "read" -> read(dir);
                default -> throw new IllegalArgumentException("unknown role " + args[0]);
            }
        } catch (Failure f) {
            System.err.println(args[0] + ": " + f.getMessage());
            System.exit(1);
        }
    }

    private static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private static void append(Path dir, int writer, int count) throws IOException {
        Path log = dir.resolve("log");
        OutputStream out = null;
        try {
            for (int seq = 0; seq < count; seq++) {
                // reopen now and then: appends must not depend on one descriptor's idea of the end
                if (seq % 97 == 0) {
                    if (out != null) {
                        out.close();
                    }
                    out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                out.write(new AppendRecord(writer, seq).bytes());
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }

    private static void rename(Path dir, int count) throws IOException {
        for (int v = 0; v < count; v++) {
            Path tmp = dir.resolve("tmp." + v);
            Files.write(tmp, Versioned.content(v), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            Files.move(tmp, dir.resolve("current"), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void read(Path dir) throws Failure {
        Path log = dir.resolve("log");
        Path current = dir.resolve("current");
        int newest = -1;
        int passes = 0;
        // one last pass after "done" appears, so the final state is read too
        boolean last = false;
        while (!last) {
            last = Files.exists(dir.resolve("done"));
            byte[] data = readIfThere(log);
            int whole = data.length / AppendRecord.SIZE;
            for (int i = 0; i < whole; i++) {
                // only the very last record may be caught half-written by an append in progress
                if (AppendRecord.parse(data, i * AppendRecord.SIZE).isEmpty() && !(i == whole - 1 && !last)) {
                    throw new Failure("log record " + i + " (of " + whole + ", file " + data.length + " bytes) is torn: "
                            + printable(data, i * AppendRecord.SIZE));
                }
            }
            byte[] cur = readIfThere(current);
            if (cur.length > 0) {
                OptionalInt v = Versioned.versionOf(cur);
                if (v.isEmpty()) {
                    throw new Failure("current is not one whole version (" + cur.length + " bytes)");
                }
                if (v.getAsInt() < newest) {
                    throw new Failure("current went back from version " + newest + " to " + v.getAsInt());
                }
                newest = v.getAsInt();
            }
            passes++;
        }
        System.out.println("read: " + passes + " passes, newest version " + newest);
    }

    /** The file's bytes; nothing if it does not exist yet. Any other failure is the reader's finding. */
    private static byte[] readIfThere(Path p) throws Failure {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException notYet) {
            return new byte[0];
        } catch (IOException e) {
            throw new Failure("reading " + p.getFileName() + " (opened, or being replaced by rename) failed: " + e);
        }
    }

    private static String printable(byte[] data, int offset) {
        StringBuilder b = new StringBuilder();
        for (int i = offset; i < Math.min(data.length, offset + AppendRecord.SIZE); i++) {
            int c = data[i] & 0xff;
            b.append(c >= 32 && c < 127 ? (char) c : '.');
        }
        return b.toString();
    }
}
