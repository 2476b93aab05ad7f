package dcfs.shardcodec.v1;

import static dcfs.shardcodec.StripeFixture.BLOB;
import static dcfs.shardcodec.StripeFixture.KEYS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.shardcodec.CodecParams;
import dcfs.shardcodec.CorruptShardException;
import dcfs.shardcodec.Rejection;
import dcfs.shardcodec.SeededRandom;
import dcfs.shardcodec.ShardFormatException;
import dcfs.shardcodec.ShardTooNewException;
import dcfs.shardcodec.ShardTooOldException;
import dcfs.shardcodec.StripeAddress;
import dcfs.shardcodec.StripeEncoder;
import dcfs.shardcodec.StripeFixture;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header v1: the byte table as written, and one test per way a header can be malformed. */
class ShardHeaderTest {
    private static final StripeAddress ADDRESS = StripeFixture.address();
    /** A 10 000-byte stripe at k=4, m=2 in 1 KiB segments: N = 2500, three segments. */
    private static final byte[][] SHARDS = new StripeEncoder(new SeededRandom(1)).encode(KEYS, ADDRESS,
            new CodecParams(4, 2, 1024), BLOB, StripeFixture.stripe(10_000, 1));

    private static byte[] shard() {
        return SHARDS[5].clone();
    }

    @Test
    void fieldsSitWhereTheByteTableSays() throws ShardFormatException {
        byte[] s = shard();
        ByteBuffer b = ByteBuffer.wrap(s);
        assertArrayEquals("DCFSHARD".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Arrays.copyOf(s, 8));
        assertEquals(1, b.getShort(8));
        assertEquals(100 + 44 + BLOB.length, b.getShort(10));
        assertEquals(1, s[12]);
        assertEquals(1, s[13]);
        assertEquals(4, s[14]);
        assertEquals(2, s[15]);
        assertEquals(5, s[16]);
        assertEquals(0, s[17]);
        assertEquals(1024, b.getInt(18));
        assertEquals(2500, b.getInt(22));
        assertEquals(10_000, b.getLong(26));
        assertArrayEquals(ADDRESS.stripeTag(), Arrays.copyOfRange(s, 34, 66));
        assertEquals(7, b.getLong(66));
        assertEquals(3, b.getLong(74));
        assertEquals(1, b.getInt(82));
        assertEquals(44 + BLOB.length, b.getShort(98));

        ShardHeader h = ShardHeader.parse(s);
        assertEquals(5, h.index());
        assertFalse(h.isDataShard());
        assertEquals(new CodecParams(4, 2, 1024), h.codecParams());
        assertEquals(BLOB.length, h.recoveryBlobLength());
        assertEquals(3, h.layout().segmentCount());
        assertEquals(s.length, h.layout().encryptedLength());
        assertArrayEquals(Arrays.copyOf(s, h.headerLength()), h.encoded());
    }

    @Test
    void byteBufferParseMovesPastTheHeaderAndIgnoresByteOrder() throws ShardFormatException {
        byte[] s = shard();
        ByteBuffer direct = ByteBuffer.allocateDirect(s.length + 3).order(ByteOrder.LITTLE_ENDIAN);
        direct.put(new byte[3]).put(s).position(3);
        ShardHeader h = ShardHeader.parse(direct);
        assertEquals(3 + h.headerLength(), direct.position());
        assertEquals(ShardHeader.parse(s), h);
        assertEquals(ByteOrder.LITTLE_ENDIAN, direct.order());
    }

    @Test
    void failedParseLeavesThePositionAlone() {
        ByteBuffer b = ByteBuffer.wrap(set(shard(), ShardHeader.OFF_RESERVED, 1));
        assertThrows(CorruptShardException.class, () -> ShardHeader.parse(b));
        assertEquals(0, b.position());
    }

    @Test
    void badMagicIsNotAShard() {
        CorruptShardException e = assertThrows(CorruptShardException.class,
                () -> ShardHeader.parse(set(shard(), 3, 'X')));
        assertInstanceOf(Rejection.NotAShard.class, e.rejection());
        assertTrue(e.getMessage().contains("not a dcfs shard"), e.getMessage());
    }

    @Test
    void versionZeroIsTooOldAndTwoTooNew() {
        ShardTooOldException old = assertThrows(ShardTooOldException.class,
                () -> ShardHeader.parse(put(shard(), b -> b.putShort(ShardHeader.OFF_VERSION, (short) 0))));
        assertTrue(old.getMessage().contains("older"), old.getMessage());
        ShardTooNewException tooNew = assertThrows(ShardTooNewException.class,
                () -> ShardHeader.parse(put(shard(), b -> b.putShort(ShardHeader.OFF_VERSION, (short) 2))));
        assertTrue(tooNew.getMessage().contains("upgrade dcfs"), tooNew.getMessage());
        // A newer version may lay out the rest differently: it must be "too new", not "corrupt".
        assertThrows(ShardTooNewException.class, () -> ShardHeader.parse(Arrays.copyOf(
                put(shard(), b -> b.putShort(ShardHeader.OFF_VERSION, (short) 0xffff)), 10)));
    }

    @Test
    void everyTruncationOfTheHeaderIsCorrupt() throws ShardFormatException {
        byte[] s = shard();
        int h = ShardHeader.parse(s).headerLength();
        for (int len = 0; len < h; len++) {
            int n = len;
            assertThrows(CorruptShardException.class, () -> ShardHeader.parse(Arrays.copyOf(s, n)), "length " + n);
        }
        assertEquals(h, ShardHeader.parse(Arrays.copyOf(s, h)).headerLength());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 143, 657, 0xffff})
    void headerLengthOutsideItsBounds(int length) {
        byte[] s = put(shard(), b -> {
            b.putShort(ShardHeader.OFF_HEADER_LENGTH, (short) length);
            b.putShort(ShardHeader.OFF_RECOVERY_LENGTH, (short) (length - 100));
        });
        assertCorrupt(s, "header length");
    }

    @Test
    void recoveryLengthMustMatchHeaderLength() {
        assertCorrupt(put(shard(), b -> b.putShort(ShardHeader.OFF_RECOVERY_LENGTH, (short) 44)), "recovery block length");
    }

    @Test
    void headerLongerThanTheInput() throws ShardFormatException {
        byte[] s = shard();
        int h = ShardHeader.parse(s).headerLength();
        byte[] longer = put(Arrays.copyOf(s, h), b -> {
            b.putShort(ShardHeader.OFF_HEADER_LENGTH, (short) (h + 1));
            b.putShort(ShardHeader.OFF_RECOVERY_LENGTH, (short) (h + 1 - 100));
        });
        assertCorrupt(longer, "truncated");
    }

    @Test
    void unknownCodecOrCipher() {
        assertCorrupt(set(shard(), ShardHeader.OFF_CODEC, 2), "codec");
        assertCorrupt(set(shard(), ShardHeader.OFF_CIPHER, 0), "cipher");
    }

    @Test
    void impossibleCodes() {
        assertCorrupt(set(shard(), ShardHeader.OFF_K, 0), "not a code");
        assertCorrupt(set(shard(), ShardHeader.OFF_M, 0), "not a code");
        assertCorrupt(put(shard(), b -> b.put(ShardHeader.OFF_K, (byte) 200).put(ShardHeader.OFF_M, (byte) 57)),
                "not a code");
        assertCorrupt(set(shard(), ShardHeader.OFF_INDEX, 6), "shard index");
        assertCorrupt(set(shard(), ShardHeader.OFF_RESERVED, 0x80), "reserved");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1023, 256 * 1024 + 1, -1})
    void segmentSizeOutsideItsBounds(int size) {
        assertCorrupt(put(shard(), b -> b.putInt(ShardHeader.OFF_SEGMENT_SIZE, size)), "segment size");
    }

    @Test
    void lengthsOutOfRangeOrContradictory() {
        assertCorrupt(put(shard(), b -> b.putInt(ShardHeader.OFF_SHARD_LENGTH, -1)), "shard length");
        assertCorrupt(put(shard(), b -> b.putInt(ShardHeader.OFF_SHARD_LENGTH, 64 * 1024 * 1024 + 1)), "shard length");
        assertCorrupt(put(shard(), b -> b.putLong(ShardHeader.OFF_STRIPE_LENGTH, -1)), "stripe length");
        assertCorrupt(put(shard(), b -> b.putLong(ShardHeader.OFF_STRIPE_LENGTH, (1L << 30) + 1)), "stripe length");
        assertCorrupt(put(shard(), b -> b.putInt(ShardHeader.OFF_SHARD_LENGTH, 2501)), "ceil");
        assertCorrupt(put(shard(), b -> b.putLong(ShardHeader.OFF_STRIPE_LENGTH, 10_001)), "ceil");
    }

    @Test
    void topBitsOfCountersAreReserved() {
        assertCorrupt(put(shard(), b -> b.putLong(ShardHeader.OFF_STRIPE, Long.MIN_VALUE)), "stripe number");
        assertCorrupt(put(shard(), b -> b.putLong(ShardHeader.OFF_GENERATION, -5)), "generation");
        assertCorrupt(put(shard(), b -> b.putInt(ShardHeader.OFF_KEY_EPOCH, -1)), "key epoch");
    }

    @Test
    void layoutArithmetic() {
        ShardLayout l = ShardLayout.of(new CodecParams(4, 2, 1024), 10_000, 0);
        assertEquals(2500, l.shardLength());
        assertEquals(3, l.segmentCount());
        assertEquals(144, l.segmentOffset(0));
        assertEquals(144 + 1040, l.segmentOffset(1));
        assertEquals(452, l.segmentPlaintextLength(2));
        assertEquals(144 + 2500 + 48, l.encryptedLength());
        assertEquals(1040 + 468, l.encryptedLength(1, 3));
        assertEquals(1024 + 452, l.plaintextLength(1, 3));

        ShardLayout empty = ShardLayout.of(new CodecParams(4, 2, 1024), 0, 0);
        assertEquals(1, empty.segmentCount());
        assertEquals(144 + 16, empty.encryptedLength());

        // Bytes 2490..2519: the end of data shard 0 (segment 2) and the start of shard 1 (segment 0).
        var reads = l.locate(2490, 30);
        assertEquals(2, reads.size());
        assertEquals(new ShardLayout.ShardRead(0, 2, 3, 2490 - 2048, 10, 0, 144 + 2 * 1040, 452 + 16), reads.get(0));
        assertEquals(new ShardLayout.ShardRead(1, 0, 1, 0, 20, 10, 144, 1040), reads.get(1));
        assertThrows(IllegalArgumentException.class, () -> l.locate(9_990, 11));
    }

    private static void assertCorrupt(byte[] s, String mentions) {
        CorruptShardException e = assertThrows(CorruptShardException.class, () -> ShardHeader.parse(s));
        assertTrue(e.getMessage().contains(mentions), "'" + e.getMessage() + "' should mention '" + mentions + "'");
    }

    private static byte[] set(byte[] s, int offset, int value) {
        s[offset] = (byte) value;
        return s;
    }

    private static byte[] put(byte[] s, Consumer<ByteBuffer> edit) {
        edit.accept(ByteBuffer.wrap(s));
        return s;
    }
}
