package dcfs.vfs.meta;

import dcfs.vfs.inode.Inode;

/** INODES: inode number → {@link InodeCodec} value. */
public final class Inodes {
    private Inodes() {
    }

    /** The stored inode, or null. (Open files have a newer copy in memory: see OpenFiles.) */
    public static Inode load(ReadView v, long ino) {
        byte[] b = v.get(Table.INODES, MetaKeys.ino(ino));
        return b == null ? null : InodeCodec.decode(ino, b);
    }

    public static void put(WriteTxn t, Inode i) {
        t.put(Table.INODES, MetaKeys.ino(i.ino()), InodeCodec.encode(i));
    }

    public static void delete(WriteTxn t, long ino) {
        t.delete(Table.INODES, MetaKeys.ino(ino));
    }
}
