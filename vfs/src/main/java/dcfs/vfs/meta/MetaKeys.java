package dcfs.vfs.meta;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key layouts of the tables (format v1, docs/metadata.md). Numbers are big-endian so that LMDB's
 * byte order is numeric order and all keys of one parent (or one file) are adjacent.
 */
public final class MetaKeys {
    private MetaKeys() {
    }

    /** INODES, ORPHANS, and the prefix of a file's STRIPES / XATTRS and a directory's DIRENTS. */
    public static byte[] ino(long ino) {
        return ByteBuffer.allocate(8).putLong(ino).array();
    }

    /** DIRENTS: parent inode (8) + name (UTF-8, 1..255 bytes). */
    public static byte[] dirent(long parent, byte[] name) {
        return ByteBuffer.allocate(8 + name.length).putLong(parent).put(name).array();
    }

    /** The name part of a DIRENTS key. */
    public static String direntName(byte[] key) {
        return new String(key, 8, key.length - 8, StandardCharsets.UTF_8);
    }

    /** STRIPES: inode (8) + stripe number (8). */
    public static byte[] stripe(long ino, long stripe) {
        return ByteBuffer.allocate(16).putLong(ino).putLong(stripe).array();
    }

    /** XATTRS: inode (8) + attribute name (UTF-8, with its namespace prefix). */
    public static byte[] xattr(long ino, byte[] name) {
        return ByteBuffer.allocate(8 + name.length).putLong(ino).put(name).array();
    }

    /** JOURNAL: sequence number (8). */
    public static byte[] seq(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    /** INFO: ASCII name. */
    public static byte[] info(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    public static long readLong(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 8).getLong();
    }
}
