package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One test's own directory in the filesystem under test (mode 0755, owned by root), removed with
 * everything in it when the test ends.
 */
public record Scratch(Path dir, MountedFilesystem filesystem, Path localWork) implements AutoCloseable {

    static Scratch create(FilesystemUnderTest fut, String name) throws IOException {
        Path dir = fut.filesystem().root().resolve(name);
        Files.createDirectory(dir);
        Permissions.openToAll(dir);
        Path local = fut.localWork().resolve("local-" + name);
        Files.createDirectory(local);
        Permissions.openToAll(local);
        return new Scratch(dir, fut.filesystem(), local);
    }

    /** The directory's path, for child processes that take strings. */
    @Override
    public String toString() {
        return dir.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            FilesystemUnderTest.removeTree(dir);
        } finally {
            FilesystemUnderTest.removeTree(localWork);
        }
    }
}
