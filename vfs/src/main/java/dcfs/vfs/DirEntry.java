package dcfs.vfs;

import dcfs.vfs.inode.FileType;

/** One readdir entry: name, inode number and type (for d_ino and d_type). */
public record DirEntry(String name, long ino, FileType type) {
}
