package dcfs.vfs.meta;

import java.util.ArrayList;
import java.util.List;

/** ORPHANS: inode number → empty. Unlinked files that were still open. */
public final class Orphans {
    private Orphans() {
    }

    public static void add(WriteTxn t, long ino) {
        t.put(Table.ORPHANS, MetaKeys.ino(ino), new byte[0]);
    }

    public static void remove(WriteTxn t, long ino) {
        t.delete(Table.ORPHANS, MetaKeys.ino(ino));
    }

    public static List<Long> list(ReadView v) {
        List<Long> out = new ArrayList<>();
        v.scan(Table.ORPHANS, new byte[0], null, (k, val) -> {
            out.add(MetaKeys.readLong(k, 0));
            return true;
        });
        return out;
    }
}
