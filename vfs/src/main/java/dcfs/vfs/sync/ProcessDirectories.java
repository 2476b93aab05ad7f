package dcfs.vfs.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Private directories named after the process that owns them ({@code PID} or {@code PID-…}), as
 * read-only mounts and upkeep runs keep their metadata snapshots: one that outlives its process
 * (a kill -9) is removed by the next run.
 */
public final class ProcessDirectories {
    private ProcessDirectories() {
    }

    /** Deletes the directories under {@code parent} whose owning process is gone; best effort. */
    public static void removeOrphans(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? name : name.substring(0, dash));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (NumberFormatException e) {
                    continue;
                }
                deleteTree(p);
            }
        }
    }

    /** Deletes {@code dir} and everything under it (nothing if it does not exist). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
