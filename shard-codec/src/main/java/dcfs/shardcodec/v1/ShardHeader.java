package dcfs.shardcodec.v1;

import dcfs.shardcodec.CodecParams;
import dcfs.shardcodec.CorruptShardException;
import dcfs.shardcodec.Rejection;
import dcfs.shardcodec.ShardFormatException;
import dcfs.shardcodec.ShardTooNewException;
import dcfs.shardcodec.ShardTooOldException;
import dcfs.shardcodec.StripeAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The header of a format-v1 shard: self-describing, in clear, and authenticated as AAD by every
 * payload segment and by the recovery block (docs/shard-format.md, "Header"). Big-endian:
 *
 * <pre>
 * off  len  field
 *   0    8  magic "DCFSHARD"
 *   8    2  format version = 1
 *  10    2  header length H = 100 + R
 *  12    1  codec id = 1 (Reed-Solomon, GF(2^8) mod 0x11D, systematic Vandermonde)
 *  13    1  cipher id = 1 (AES-256-GCM, 96-bit nonce, 128-bit tag)
 *  14    1  k                  1..255
 *  15    1  m                  1..255, k + m ≤ 256
 *  16    1  shard index        0..k+m-1 (data shards first)
 *  17    1  reserved = 0
 *  18    4  segment size S     1 KiB..256 KiB (plaintext bytes per segment)
 *  22    4  shard length N     ≤ 64 MiB, = ceil(L / k)
 *  26    8  stripe length L    ≤ 1 GiB
 *  34   32  stripe tag
 *  66    8  stripe number      top bit 0
 *  74    8  generation         top bit 0
 *  82    4  key epoch          top bit 0
 *  86   12  nonce base         random per shard
 *  98    2  recovery block length R = 44 + blob length, 44..556
 * 100    R  sealed recovery block: nonce[12] ‖ AES-GCM(recoveryKey, fileId[16] ‖ blob) ‖ tag[16]
 * </pre>
 *
 * <p>{@link #parse} accepts only what this table allows and checks every length against the
 * limits and against the bytes actually given before it allocates, so no input can make it throw
 * anything but a {@link ShardFormatException} or allocate more than {@link #MAX_HEADER_LENGTH}.
 *
 * <p>Not a record: it owns its encoded bytes (the AAD) and hands them out only copied. Immutable,
 * thread-safe.
 */
public final class ShardHeader {
    static final byte[] MAGIC = {'D', 'C', 'F', 'S', 'H', 'A', 'R', 'D'};

    static final int OFF_MAGIC = 0;
    static final int OFF_VERSION = 8;
    static final int OFF_HEADER_LENGTH = 10;
    static final int OFF_CODEC = 12;
    static final int OFF_CIPHER = 13;
    static final int OFF_K = 14;
    static final int OFF_M = 15;
    static final int OFF_INDEX = 16;
    static final int OFF_RESERVED = 17;
    static final int OFF_SEGMENT_SIZE = 18;
    static final int OFF_SHARD_LENGTH = 22;
    static final int OFF_STRIPE_LENGTH = 26;
    static final int OFF_STRIPE_TAG = 34;
    static final int OFF_STRIPE = 66;
    static final int OFF_GENERATION = 74;
    static final int OFF_KEY_EPOCH = 82;
    static final int OFF_NONCE_BASE = 86;
    static final int OFF_RECOVERY_LENGTH = 98;
    static final int OFF_RECOVERY_BLOCK = 100;
    /** Bytes before the recovery block: the recovery block's AAD. */
    static final int FIXED_LENGTH = OFF_RECOVERY_BLOCK;

    public static final int FORMAT_VERSION = 1;
    /** The oldest version this build reads; below it a shard is "too old". */
    public static final int OLDEST_READABLE_VERSION = 1;
    public static final int CODEC_REED_SOLOMON_GF256 = 1;
    public static final int CIPHER_AES_256_GCM = 1;

    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    public static final int MIN_SEGMENT_SIZE = 1024;
    /** The JDK's GCM is fast up to 256 KiB per call and an order of magnitude slower on 1 MiB. */
    public static final int MAX_SEGMENT_SIZE = 256 * 1024;
    public static final int MAX_SHARD_LENGTH = 64 * 1024 * 1024;
    /** Fits a Java array, with room: a decoded stripe is one. */
    public static final int MAX_STRIPE_LENGTH = 1 << 30;
    public static final int MAX_RECOVERY_BLOB_LENGTH = 512;
    /** nonce + file id + tag around the blob. */
    public static final int RECOVERY_OVERHEAD = NONCE_LENGTH + StripeAddress.FILE_ID_LENGTH + TAG_LENGTH;
    public static final int MIN_HEADER_LENGTH = FIXED_LENGTH + RECOVERY_OVERHEAD;
    public static final int MAX_HEADER_LENGTH = MIN_HEADER_LENGTH + MAX_RECOVERY_BLOB_LENGTH;

    private final byte[] encoded;
    private final int k;
    private final int m;
    private final int index;
    private final int segmentSize;
    private final int shardLength;
    private final long stripeLength;
    private final long stripe;
    private final long generation;
    private final int keyEpoch;

    private ShardHeader(byte[] encoded, ByteBuffer b) {
        this.encoded = encoded;
        this.k = Byte.toUnsignedInt(b.get(OFF_K));
        this.m = Byte.toUnsignedInt(b.get(OFF_M));
        this.index = Byte.toUnsignedInt(b.get(OFF_INDEX));
        this.segmentSize = b.getInt(OFF_SEGMENT_SIZE);
        this.shardLength = b.getInt(OFF_SHARD_LENGTH);
        this.stripeLength = b.getLong(OFF_STRIPE_LENGTH);
        this.stripe = b.getLong(OFF_STRIPE);
        this.generation = b.getLong(OFF_GENERATION);
        this.keyEpoch = b.getInt(OFF_KEY_EPOCH);
    }

    /** Parses the header at the start of {@code bytes} (a whole shard, or just its header). */
    public static ShardHeader parse(byte[] bytes) throws ShardFormatException {
        return parse(ByteBuffer.wrap(bytes));
    }

    /**
     * Parses the header starting at {@code buf}'s position. On success the position moves past the
     * header (to the first segment); on failure it is unchanged. The buffer's byte order is ignored.
     */
    public static ShardHeader parse(ByteBuffer buf) throws ShardFormatException {
        ByteBuffer b = buf.slice().order(ByteOrder.BIG_ENDIAN);
        int available = b.remaining();
        if (available < MAGIC.length) {
            throw new CorruptShardException("truncated: " + available + " bytes, a header needs at least "
                    + MIN_HEADER_LENGTH);
        }
        byte[] magic = new byte[MAGIC.length];
        b.get(OFF_MAGIC, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CorruptShardException(new Rejection.NotAShard(magic));
        }
        if (available < OFF_VERSION + 2) {
            throw new CorruptShardException("truncated: " + available + " bytes, a header needs at least "
                    + MIN_HEADER_LENGTH);
        }
        int version = Short.toUnsignedInt(b.getShort(OFF_VERSION));
        if (version < OLDEST_READABLE_VERSION) {
            throw new ShardTooOldException(version, OLDEST_READABLE_VERSION, FORMAT_VERSION);
        }
        if (version > FORMAT_VERSION) {
            throw new ShardTooNewException(version, OLDEST_READABLE_VERSION, FORMAT_VERSION);
        }
        if (available < FIXED_LENGTH) {
            throw new CorruptShardException("truncated: " + available + " bytes, a header needs at least "
                    + MIN_HEADER_LENGTH);
        }
        int headerLength = Short.toUnsignedInt(b.getShort(OFF_HEADER_LENGTH));
        int recoveryLength = Short.toUnsignedInt(b.getShort(OFF_RECOVERY_LENGTH));
        if (headerLength < MIN_HEADER_LENGTH || headerLength > MAX_HEADER_LENGTH) {
            throw new CorruptShardException("header length " + headerLength + " outside " + MIN_HEADER_LENGTH + ".."
                    + MAX_HEADER_LENGTH);
        }
        if (recoveryLength != headerLength - FIXED_LENGTH) {
            throw new CorruptShardException("recovery block length " + recoveryLength + " does not match header length "
                    + headerLength);
        }
        if (available < headerLength) {
            throw new CorruptShardException("truncated: " + available + " bytes, the header alone is " + headerLength);
        }
        checkFields(b);
        byte[] encoded = new byte[headerLength];
        b.get(0, encoded);
        buf.position(buf.position() + headerLength);
        return new ShardHeader(encoded, ByteBuffer.wrap(encoded));
    }

    private static void checkFields(ByteBuffer b) throws CorruptShardException {
        int codec = Byte.toUnsignedInt(b.get(OFF_CODEC));
        if (codec != CODEC_REED_SOLOMON_GF256) {
            throw new CorruptShardException("unknown codec id " + codec);
        }
        int cipher = Byte.toUnsignedInt(b.get(OFF_CIPHER));
        if (cipher != CIPHER_AES_256_GCM) {
            throw new CorruptShardException("unknown cipher id " + cipher);
        }
        int k = Byte.toUnsignedInt(b.get(OFF_K));
        int m = Byte.toUnsignedInt(b.get(OFF_M));
        int index = Byte.toUnsignedInt(b.get(OFF_INDEX));
        if (k < 1 || m < 1 || k + m > 256) {
            throw new CorruptShardException("k = " + k + ", m = " + m + " is not a code (k, m ≥ 1, k + m ≤ 256)");
        }
        if (index >= k + m) {
            throw new CorruptShardException("shard index " + index + " outside 0.." + (k + m - 1));
        }
        int reserved = Byte.toUnsignedInt(b.get(OFF_RESERVED));
        if (reserved != 0) {
            throw new CorruptShardException("reserved byte is " + reserved + ", must be 0");
        }
        int segmentSize = b.getInt(OFF_SEGMENT_SIZE);
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw new CorruptShardException("segment size " + Integer.toUnsignedString(segmentSize) + " outside "
                    + MIN_SEGMENT_SIZE + ".." + MAX_SEGMENT_SIZE);
        }
        int shardLength = b.getInt(OFF_SHARD_LENGTH);
        if (shardLength < 0 || shardLength > MAX_SHARD_LENGTH) {
            throw new CorruptShardException("shard length " + Integer.toUnsignedString(shardLength) + " above "
                    + MAX_SHARD_LENGTH);
        }
        long stripeLength = b.getLong(OFF_STRIPE_LENGTH);
        if (stripeLength < 0 || stripeLength > MAX_STRIPE_LENGTH) {
            throw new CorruptShardException("stripe length " + Long.toUnsignedString(stripeLength) + " above "
                    + MAX_STRIPE_LENGTH);
        }
        if (shardLength != shardLengthFor(stripeLength, k)) {
            throw new CorruptShardException("shard length " + shardLength + " is not ceil(" + stripeLength + " / " + k
                    + ")");
        }
        if (b.getLong(OFF_STRIPE) < 0) {
            throw new CorruptShardException("stripe number " + Long.toUnsignedString(b.getLong(OFF_STRIPE))
                    + " has its top bit set");
        }
        if (b.getLong(OFF_GENERATION) < 0) {
            throw new CorruptShardException("generation " + Long.toUnsignedString(b.getLong(OFF_GENERATION))
                    + " has its top bit set");
        }
        if (b.getInt(OFF_KEY_EPOCH) < 0) {
            throw new CorruptShardException("key epoch " + Integer.toUnsignedString(b.getInt(OFF_KEY_EPOCH))
                    + " has its top bit set");
        }
    }

    /** ceil(stripeLength / k): what each data shard holds, the last one zero-padded. */
    public static int shardLengthFor(long stripeLength, int k) {
        return Math.toIntExact((stripeLength + k - 1) / k);
    }

    /**
     * Writes the header of a new shard into {@code out[0, H)}, leaving the recovery block
     * {@code out[FIXED_LENGTH, H)} for the caller to seal over {@code out[0, FIXED_LENGTH)}.
     *
     * @return H, the header length
     */
    static int writeFixed(byte[] out, CodecParams params, int index, long stripeLength, StripeAddress address,
                          byte[] nonceBase, int recoveryBlobLength) {
        int recoveryLength = RECOVERY_OVERHEAD + recoveryBlobLength;
        int headerLength = FIXED_LENGTH + recoveryLength;
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.BIG_ENDIAN);
        b.put(OFF_MAGIC, MAGIC);
        b.putShort(OFF_VERSION, (short) FORMAT_VERSION);
        b.putShort(OFF_HEADER_LENGTH, (short) headerLength);
        b.put(OFF_CODEC, (byte) CODEC_REED_SOLOMON_GF256);
        b.put(OFF_CIPHER, (byte) CIPHER_AES_256_GCM);
        b.put(OFF_K, (byte) params.k());
        b.put(OFF_M, (byte) params.m());
        b.put(OFF_INDEX, (byte) index);
        b.put(OFF_RESERVED, (byte) 0);
        b.putInt(OFF_SEGMENT_SIZE, params.segmentSize());
        b.putInt(OFF_SHARD_LENGTH, shardLengthFor(stripeLength, params.k()));
        b.putLong(OFF_STRIPE_LENGTH, stripeLength);
        b.put(OFF_STRIPE_TAG, address.stripeTag());
        b.putLong(OFF_STRIPE, address.stripe());
        b.putLong(OFF_GENERATION, address.generation());
        b.putInt(OFF_KEY_EPOCH, address.keyEpoch());
        b.put(OFF_NONCE_BASE, nonceBase);
        b.putShort(OFF_RECOVERY_LENGTH, (short) recoveryLength);
        return headerLength;
    }

    public int formatVersion() {
        return FORMAT_VERSION;
    }

    /** H: where the first segment starts. */
    public int headerLength() {
        return encoded.length;
    }

    public int k() {
        return k;
    }

    public int m() {
        return m;
    }

    public int index() {
        return index;
    }

    public boolean isDataShard() {
        return index < k;
    }

    public int segmentSize() {
        return segmentSize;
    }

    /** N: plaintext bytes of this shard (data shards: a slice of the stripe, zero-padded). */
    public int shardLength() {
        return shardLength;
    }

    /** L: plaintext bytes of the whole stripe. */
    public long stripeLength() {
        return stripeLength;
    }

    public byte[] stripeTag() {
        return Arrays.copyOfRange(encoded, OFF_STRIPE_TAG, OFF_STRIPE_TAG + StripeAddress.STRIPE_TAG_LENGTH);
    }

    public long stripe() {
        return stripe;
    }

    public long generation() {
        return generation;
    }

    public int keyEpoch() {
        return keyEpoch;
    }

    public byte[] nonceBase() {
        return Arrays.copyOfRange(encoded, OFF_NONCE_BASE, OFF_NONCE_BASE + NONCE_LENGTH);
    }

    /** Length of the caller's recovery blob inside the sealed recovery block. */
    public int recoveryBlobLength() {
        return encoded.length - MIN_HEADER_LENGTH;
    }

    public CodecParams codecParams() {
        return new CodecParams(k, m, segmentSize);
    }

    public ShardLayout layout() {
        return new ShardLayout(encoded.length, k, m, segmentSize, stripeLength);
    }

    /** The header's bytes (a copy). */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The header's bytes, not copied: the AAD. Callers in this package must not modify them. */
    byte[] aad() {
        return encoded;
    }

    /** True if the stripe tag field equals {@code tag}; no copy. */
    public boolean hasStripeTag(byte[] tag) {
        return Arrays.equals(encoded, OFF_STRIPE_TAG, OFF_STRIPE_TAG + StripeAddress.STRIPE_TAG_LENGTH,
                tag, 0, tag.length);
    }

    /** True if both headers describe the same cut of the same stripe (all but index, nonce and recovery). */
    public boolean sameLayout(ShardHeader o) {
        return layout().equals(o.layout()) && stripe == o.stripe && generation == o.generation
                && keyEpoch == o.keyEpoch && hasStripeTag(o.stripeTag());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardHeader h && Arrays.equals(encoded, h.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "shard v" + FORMAT_VERSION + " " + index + "/" + k + "+" + m + " stripe " + stripe + " gen " + generation
                + " epoch " + keyEpoch + " L=" + stripeLength + " N=" + shardLength + " S=" + segmentSize + " tag "
                + HexFormat.of().formatHex(encoded, OFF_STRIPE_TAG, OFF_STRIPE_TAG + 8) + "…";
    }
}
