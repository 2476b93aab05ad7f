package dcfs.vfs.meta;

import java.nio.ByteBuffer;

/**
 * Where one stripe of a file is: stored in the {@code StripeStore} under a generation, or kept
 * inline in the metadata (small files). Value of STRIPES[ino, stripe], format v1:
 * <pre>
 * u8 kind = 1 (stored) | u64 generation | u32 length
 * u8 kind = 2 (inline) | bytes (the rest of the value is the stripe)
 * </pre>
 * {@code length} is how many bytes of the stripe are meaningful; bytes past it (up to the file
 * size) read as zeros, which is how truncate shortens a stripe without rewriting it.
 */
public sealed interface StripeRef {
    int length();

    record Stored(long generation, int length) implements StripeRef {
    }

    record Inline(byte[] data) implements StripeRef {
        @Override
        public int length() {
            return data.length;
        }
    }

    static byte[] encode(StripeRef ref) {
        return switch (ref) {
            case Stored s -> ByteBuffer.allocate(13).put((byte) 1).putLong(s.generation()).putInt(s.length()).array();
            case Inline i -> ByteBuffer.allocate(1 + i.data().length).put((byte) 2).put(i.data()).array();
        };
    }

    static StripeRef decode(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        int kind = b.get() & 0xff;
        return switch (kind) {
            case 1 -> new Stored(b.getLong(), b.getInt());
            case 2 -> {
                byte[] d = new byte[v.length - 1];
                b.get(d);
                yield new Inline(d);
            }
            default -> throw new IllegalStateException("unknown stripe reference kind " + kind);
        };
    }

    /** Reads the reference of one stripe, or null for a hole. */
    static StripeRef read(ReadView v, long ino, long stripe) {
        byte[] b = v.get(Table.STRIPES, MetaKeys.stripe(ino, stripe));
        return b == null ? null : decode(b);
    }
}
