package dcfs.vfs.namespace;

import dcfs.vfs.FsException;

/**
 * Which inode an operation is on: by path (following a final symlink or not), or by number (what
 * FUSE's low-level API sends; the kernel already holds the inode, so no search permission applies).
 */
public sealed interface Target {
    record AtPath(PathName path, boolean followLast) implements Target {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    record Ino(long ino) implements Target {
        @Override
        public String toString() {
            return "inode " + ino;
        }
    }

    static Target path(String path, boolean followLast) throws FsException {
        return new AtPath(PathName.parse(path), followLast);
    }

    static Target ino(long ino) {
        return new Ino(ino);
    }
}
