package dcfs.vfs.meta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** XATTRS: (inode, name) → value bytes as given. */
public final class Xattrs {
    private Xattrs() {
    }

    public static byte[] get(ReadView v, long ino, String name) {
        return v.get(Table.XATTRS, MetaKeys.xattr(ino, name.getBytes(StandardCharsets.UTF_8)));
    }

    public static void put(WriteTxn t, long ino, String name, byte[] value) {
        t.put(Table.XATTRS, MetaKeys.xattr(ino, name.getBytes(StandardCharsets.UTF_8)), value);
    }

    public static boolean remove(WriteTxn t, long ino, String name) {
        return t.delete(Table.XATTRS, MetaKeys.xattr(ino, name.getBytes(StandardCharsets.UTF_8)));
    }

    public static List<String> names(ReadView v, long ino) {
        List<String> out = new ArrayList<>();
        v.scan(Table.XATTRS, MetaKeys.ino(ino), null, (k, val) -> {
            out.add(new String(k, 8, k.length - 8, StandardCharsets.UTF_8));
            return true;
        });
        return out;
    }

    public static void removeAll(WriteTxn t, long ino) {
        for (String n : names(t, ino)) {
            remove(t, ino, n);
        }
    }
}
