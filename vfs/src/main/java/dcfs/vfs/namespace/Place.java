package dcfs.vfs.namespace;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import java.nio.charset.StandardCharsets;

/**
 * Where a directory entry is (to create, remove or rename it): by path, resolved from the root, or
 * by its directory's inode and its name (what FUSE's low-level API sends).
 */
public sealed interface Place {
    record AtPath(PathName path) implements Place {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    record InDir(long dir, byte[] name) implements Place {
        @Override
        public String toString() {
            return "'" + new String(name, StandardCharsets.UTF_8) + "' in inode " + dir;
        }
    }

    static Place path(String path) throws FsException {
        return new AtPath(PathName.parse(path));
    }

    /** {@code name} in directory {@code dir}; longer than 255 bytes is ENAMETOOLONG. */
    static Place in(long dir, String name) throws FsException {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length > PathName.NAME_MAX) {
            throw new FsException(Errno.ENAMETOOLONG, "name of " + b.length + " bytes");
        }
        if (b.length == 0) {
            throw new FsException(Errno.ENOENT, "empty name");
        }
        return new InDir(dir, b);
    }
}
