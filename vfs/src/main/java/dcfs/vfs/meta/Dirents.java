package dcfs.vfs.meta;

import dcfs.vfs.inode.FileType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * DIRENTS: parent + name → (child inode, type). Value, format v1: u64 inode | u8 type code.
 * There are no "." and ".." entries; readdir makes them from the directory and its parent.
 */
public final class Dirents {
    private Dirents() {
    }

    /** One stored entry. */
    public record Entry(String name, long ino, FileType type) {
    }

    /** The child named {@code name} in {@code parent}, or null. */
    public static Entry lookup(ReadView v, long parent, byte[] name) {
        byte[] val = v.get(Table.DIRENTS, MetaKeys.dirent(parent, name));
        return val == null ? null : decode(new String(name, StandardCharsets.UTF_8), val);
    }

    public static void put(WriteTxn t, long parent, byte[] name, long ino, FileType type) {
        t.put(Table.DIRENTS, MetaKeys.dirent(parent, name),
                ByteBuffer.allocate(9).putLong(ino).put((byte) type.code()).array());
    }

    public static boolean delete(WriteTxn t, long parent, byte[] name) {
        return t.delete(Table.DIRENTS, MetaKeys.dirent(parent, name));
    }

    /** All entries of a directory, in name-byte order. */
    public static List<Entry> list(ReadView v, long parent) {
        List<Entry> out = new ArrayList<>();
        v.scan(Table.DIRENTS, MetaKeys.ino(parent), null, (k, val) -> {
            out.add(decode(MetaKeys.direntName(k), val));
            return true;
        });
        return out;
    }

    /** Whether the directory has no entries. */
    public static boolean isEmpty(ReadView v, long parent) {
        boolean[] any = {false};
        v.scan(Table.DIRENTS, MetaKeys.ino(parent), null, (k, val) -> {
            any[0] = true;
            return false;
        });
        return !any[0];
    }

    private static Entry decode(String name, byte[] val) {
        ByteBuffer b = ByteBuffer.wrap(val);
        return new Entry(name, b.getLong(), FileType.fromCode(b.get() & 0xff));
    }
}
