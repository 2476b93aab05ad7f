package dcfs.fsmount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a mount's control socket lives: {@code $XDG_RUNTIME_DIR/dcfs/} or {@code /tmp/dcfs-<uid>/}
 * (mode 0700), named after the mount point, so {@code dcfs umount MOUNTPOINT} finds it with no
 * other information (and socket paths stay under the 108-byte limit).
 */
public final class RuntimeDir {
    private RuntimeDir() {
    }

    public static Path base() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg))) {
            return Path.of(xdg, "dcfs");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "dcfs-" + uid());
    }

    /** The control socket of the mount at {@code mountPoint} (absolute, normalized). */
    public static Path socketFor(Path mountPoint) {
        String key = mountPoint.toAbsolutePath().normalize().toString();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return base().resolve(HexFormat.of().formatHex(h, 0, 8) + ".sock");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path ensureBase() throws IOException {
        Path b = base();
        if (!Files.isDirectory(b)) {
            Files.createDirectories(b);
            Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rwx------"));
        }
        return b;
    }

    static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
