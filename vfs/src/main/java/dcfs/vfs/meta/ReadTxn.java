package dcfs.vfs.meta;

import java.nio.ByteBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/** A read transaction: one snapshot. Closed by {@link MetaStore#read}. */
final class ReadTxn implements ReadView, AutoCloseable {
    private final MetaStore store;
    private final Txn<ByteBuffer> txn;

    ReadTxn(MetaStore store, Txn<ByteBuffer> txn) {
        this.store = store;
        this.txn = txn;
    }

    @Override
    public byte[] get(Table table, byte[] key) {
        return LmdbReads.get(store, txn, table, key);
    }

    @Override
    public void scan(Table table, byte[] prefix, byte[] from, EntryVisitor visitor) {
        LmdbReads.scan(store, txn, table, prefix, from, visitor);
    }

    byte[] lastKey(Table table) {
        try (Cursor<ByteBuffer> c = store.dbi(table).openCursor(txn)) {
            return c.last() ? LmdbReads.copy(c.key()) : null;
        }
    }

    @Override
    public void close() {
        txn.close();
    }

    /** The reads both transaction kinds share. */
    static final class LmdbReads {
        private LmdbReads() {
        }

        static byte[] get(MetaStore store, Txn<ByteBuffer> txn, Table table, byte[] key) {
            ByteBuffer v = store.dbi(table).get(txn, store.key(key));
            return v == null ? null : copy(v);
        }

        static void scan(MetaStore store, Txn<ByteBuffer> txn, Table table, byte[] prefix, byte[] from,
                         EntryVisitor visitor) {
            try (Cursor<ByteBuffer> c = store.dbi(table).openCursor(txn)) {
                byte[] start = from != null && compare(from, prefix) > 0 ? from : prefix;
                boolean ok = start.length == 0 ? c.first() : c.get(store.key(start), GetOp.MDB_SET_RANGE);
                while (ok) {
                    ByteBuffer k = c.key();
                    if (!startsWith(k, prefix)) {
                        return;
                    }
                    if (!visitor.visit(copy(k), copy(c.val()))) {
                        return;
                    }
                    ok = c.next();
                }
            }
        }

        static byte[] copy(ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.duplicate().get(out);
            return out;
        }

        private static boolean startsWith(ByteBuffer k, byte[] prefix) {
            if (k.remaining() < prefix.length) {
                return false;
            }
            int p = k.position();
            for (int i = 0; i < prefix.length; i++) {
                if (k.get(p + i) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private static int compare(byte[] a, byte[] b) {
            return java.util.Arrays.compareUnsigned(a, b);
        }
    }
}
