package dcfs.fstests.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A filesystem that is surely not the one under test, for EXDEV: /dev/shm, a tmpfs on every Linux
 * this runs on (the local target lives on a disk, the others on FUSE).
 */
final class OtherFilesystem {
    private static final Path TMPFS = Path.of("/dev/shm");

    private OtherFilesystem() {
    }

    /** A file made there for one test, and a name next to it that does not exist. */
    record File(Path path) {
        String existing() {
            return path.toString();
        }

        String missingName() {
            return path + ".missing";
        }

        void delete() throws IOException {
            Files.deleteIfExists(path);
        }
    }

    static File newFile() throws IOException {
        if (!Files.isDirectory(TMPFS)) {
            throw new IOException(TMPFS + " is missing: the EXDEV cases need a second filesystem there");
        }
        return new File(Files.writeString(TMPFS.resolve("dcfs-fstests-" + UUID.randomUUID()), "outside"));
    }
}
