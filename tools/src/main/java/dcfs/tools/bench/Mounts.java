package dcfs.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads /proc/self/mountinfo to tell whether a directory is a mount point, and unmounts. */
final class Mounts {
    private Mounts() {
    }

    static boolean isMounted(Path dir) throws IOException {
        String target = dir.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].replace("\\040", " ").equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** fusermount -u, then a lazy unmount if the first refuses (busy). */
    static void unmountFuse(Path dir) throws IOException {
        if (!isMounted(dir)) {
            return;
        }
        try {
            ExternalCommand.of("fusermount", "-u", dir.toString()).withTimeout(60).run();
        } catch (IOException busy) {
            ExternalCommand.of("fusermount", "-u", "-z", dir.toString()).withTimeout(60).run();
        }
    }
}
