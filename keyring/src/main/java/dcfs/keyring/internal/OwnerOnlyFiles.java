package dcfs.keyring.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that hold secrets: created with mode 0600 from the first byte (never written
 * world-readable and chmod-ed afterwards), synced, and moved into place atomically so a crash
 * leaves either the old file or the new one. Not part of the keyring's API.
 */
public final class OwnerOnlyFiles {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnlyFiles() {
    }

    /** Mode 0600: read and write for the owner only. */
    public static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    /** Mode 0644: public files (certificates). */
    public static final Set<PosixFilePermission> PUBLIC_READ = PosixFilePermissions.fromString("rw-r--r--");
    /** Mode 0700: a directory holding secrets. */
    public static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /**
     * Writes {@code bytes} to {@code target} with {@code mode}, atomically.
     *
     * @param replace whether an existing {@code target} may be replaced; if not and it exists,
     *     {@link FileAlreadyExistsException} is thrown and nothing is written
     */
    public static void write(Path target, byte[] bytes, Set<PosixFilePermission> mode, boolean replace)
            throws IOException {
        if (!replace && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Long.toUnsignedString(RANDOM.nextLong(), 36));
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    attributes(mode))) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (replace) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // A hard link fails if the target appeared meanwhile, where a move would replace it.
                try {
                    Files.createLink(target, tmp);
                } catch (FileAlreadyExistsException e) {
                    throw e;
                } catch (UnsupportedOperationException | IOException e) {
                    // No hard links here (some FUSE and network filesystems): a plain move also
                    // refuses an existing target, only not atomically with the check.
                    Files.move(tmp, target);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates {@code dir} (and parents) if missing; a directory created here gets {@code mode}. */
    public static void createDirectory(Path dir, Set<PosixFilePermission> mode) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, attributes(mode));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** The POSIX permissions of {@code file}, or null where the filesystem has none. */
    public static Set<PosixFilePermission> modeOf(Path file) throws IOException {
        return POSIX ? Files.getPosixFilePermissions(file) : null;
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> mode) {
        // The umask can only remove bits, so 0600/0644/0700 come out as asked under any usual umask.
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }
}
