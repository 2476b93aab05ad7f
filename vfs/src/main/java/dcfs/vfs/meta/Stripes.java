package dcfs.vfs.meta;

import java.util.ArrayList;
import java.util.List;

/** STRIPES: (inode, stripe number) → {@link StripeRef}. */
public final class Stripes {
    private Stripes() {
    }

    /** One stripe's reference. */
    public record Entry(long stripe, StripeRef ref) {
    }

    /** The reference of one stripe, or null (a hole). */
    public static StripeRef get(ReadView v, long ino, long stripe) {
        return StripeRef.read(v, ino, stripe);
    }

    public static void put(WriteTxn t, long ino, long stripe, StripeRef ref) {
        t.put(Table.STRIPES, MetaKeys.stripe(ino, stripe), StripeRef.encode(ref));
    }

    public static void delete(WriteTxn t, long ino, long stripe) {
        t.delete(Table.STRIPES, MetaKeys.stripe(ino, stripe));
    }

    /** Up to {@code max} stripes of a file from {@code fromStripe} on, in order. */
    public static List<Entry> list(ReadView v, long ino, long fromStripe, int max) {
        List<Entry> out = new ArrayList<>();
        v.scan(Table.STRIPES, MetaKeys.ino(ino), MetaKeys.stripe(ino, fromStripe), (k, val) -> {
            out.add(new Entry(MetaKeys.readLong(k, 8), StripeRef.decode(val)));
            return out.size() < max;
        });
        return out;
    }
}
