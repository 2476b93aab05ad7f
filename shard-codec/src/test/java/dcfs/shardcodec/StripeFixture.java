package dcfs.shardcodec;

import java.util.Arrays;

/** Keys, addresses and stripes the tests share; every value fixed, so failures reproduce. */
public final class StripeFixture {
    public static final byte[] TAG_KEY = range(0x40, 32);
    public static final StripeKeys KEYS = StripeKeys.of(range(0x00, 32), range(0x20, 32));
    public static final StripeKeys OTHER_FILE_KEYS = StripeKeys.of(range(0x60, 32), range(0x20, 32));
    public static final byte[] FILE_ID = range(0xf0, 16);
    public static final byte[] OTHER_FILE_ID = range(0xa0, 16);
    public static final byte[] BLOB = "inode=42 stripe=7".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private StripeFixture() {
    }

    public static StripeAddress address(long stripe, long generation) {
        return StripeAddress.derive(TAG_KEY, FILE_ID, stripe, generation, 1);
    }

    public static StripeAddress address() {
        return address(7, 3);
    }

    /** Bytes first, first+1, … (mod 256). */
    public static byte[] range(int first, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    /** Deterministic, non-repeating-looking stripe content. */
    public static byte[] stripe(int length, long seed) {
        byte[] b = new byte[length];
        new java.util.SplittableRandom(seed).nextBytes(b);
        return b;
    }

    public static byte[][] copy(byte[][] shards) {
        byte[][] c = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            c[i] = shards[i] == null ? null : Arrays.copyOf(shards[i], shards[i].length);
        }
        return c;
    }
}
