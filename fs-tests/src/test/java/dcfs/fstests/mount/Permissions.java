package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Modes the fixture sets on directories it creates. */
public final class Permissions {
    private Permissions() {
    }

    /**
     * rwxr-xr-x: the suite runs children as other uids (65534, 65533, ...), which must be able to
     * reach their test directories; temp directories are created 0700.
     */
    public static void openToAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
