package dcfs.vfs.meta;

import java.nio.ByteBuffer;

/**
 * Numbers handed out by the metadata, kept in INFO and advanced inside the transaction that uses
 * them, so an aborted transaction gives its number back and a crash never hands one out twice.
 */
public final class Counters {
    /** INFO key of the next inode number (u64). */
    static final String NEXT_INO = "next-ino";
    /** INFO key of the next stripe generation (u64). */
    static final String NEXT_GENERATION = "next-gen";
    /** The root directory's inode number (FUSE's root is 1 too). */
    public static final long ROOT_INO = 1;

    private Counters() {
    }

    public static long nextIno(WriteTxn t) {
        return next(t, NEXT_INO, ROOT_INO + 1);
    }

    public static long nextGeneration(WriteTxn t) {
        return next(t, NEXT_GENERATION, 1);
    }

    private static long next(WriteTxn t, String name, long first) {
        byte[] key = MetaKeys.info(name);
        byte[] cur = t.get(Table.INFO, key);
        long n = cur == null ? first : ByteBuffer.wrap(cur).getLong();
        t.put(Table.INFO, key, ByteBuffer.allocate(8).putLong(n + 1).array());
        return n;
    }
}
