package dcfs.vfs.meta;

import dcfs.vfs.store.StripeKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * GARBAGE: stripe key (32 bytes, {@link StripeKey#bytes()}) → u8 state | u64 sequence.
 * <ul>
 *   <li>{@link State#INTENT}: a put of this stripe is under way. The transaction that makes the
 *       stripe reachable removes the entry; one left at mount time names a stripe that may have
 *       been written but was never referenced.</li>
 *   <li>{@link State#OBSOLETE}: no longer referenced as of transaction {@code sequence}; deleted
 *       from the store once that transaction is durable (so a crash can never leave metadata
 *       pointing at a deleted stripe).</li>
 * </ul>
 */
public final class Garbage {
    private Garbage() {
    }

    public enum State {
        INTENT(1), OBSOLETE(2);

        final int code;

        State(int code) {
            this.code = code;
        }

        static State of(int code) {
            return code == 1 ? INTENT : OBSOLETE;
        }
    }

    public record Entry(StripeKey key, State state, long seq) {
    }

    public static void intent(WriteTxn t, StripeKey key) {
        t.put(Table.GARBAGE, key.bytes(), ByteBuffer.allocate(9).put((byte) State.INTENT.code).putLong(0).array());
    }

    /** Marks {@code key} unreferenced as of the transaction {@code t} is about to commit. */
    public static void obsolete(WriteTxn t, StripeKey key) {
        t.put(Table.GARBAGE, key.bytes(),
                ByteBuffer.allocate(9).put((byte) State.OBSOLETE.code).putLong(t.pendingSeq()).array());
    }

    public static void remove(WriteTxn t, StripeKey key) {
        t.delete(Table.GARBAGE, key.bytes());
    }

    public static List<Entry> list(ReadView v, int max) {
        List<Entry> out = new ArrayList<>();
        v.scan(Table.GARBAGE, new byte[0], null, (k, val) -> {
            ByteBuffer b = ByteBuffer.wrap(val);
            out.add(new Entry(StripeKey.of(k), State.of(b.get() & 0xff), b.getLong()));
            return out.size() < max;
        });
        return out;
    }
}
