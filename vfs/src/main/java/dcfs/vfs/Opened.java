package dcfs.vfs;

import dcfs.vfs.inode.Inode;

/** The result of create: the new handle and the attributes of the file it names. */
public record Opened(long handle, Inode attr) {
}
