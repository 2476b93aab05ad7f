package dcfs.shardcodec;

import static dcfs.shardcodec.StripeFixture.BLOB;
import static dcfs.shardcodec.StripeFixture.KEYS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.shardcodec.Rejection.AddressField;
import dcfs.shardcodec.v1.ShardHeader;
import dcfs.shardcodec.v1.ShardLayout;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stripe path by example: round trips, erasures, every kind of misplaced or damaged shard. */
class StripeCodecTest {
    private static final StripeAddress ADDRESS = StripeFixture.address();
    private static final CodecParams PARAMS = new CodecParams(4, 2, 1024);
    private final StripeEncoder encoder = new StripeEncoder(new SeededRandom(7));
    private final StripeDecoder decoder = new StripeDecoder();
    private final byte[] stripe = StripeFixture.stripe(10_000, 2);
    private final byte[][] shards = encoder.encode(KEYS, ADDRESS, PARAMS, BLOB, stripe);

    @Test
    void roundTripChecksEveryShard() throws Exception {
        DecodedStripe d = decoder.decode(KEYS, ADDRESS, shards);
        assertArrayEquals(stripe, d.data());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), d.accepted());
        assertEquals(List.of(), d.rejected());
    }

    @Test
    void decodesAroundMissingShards() throws Exception {
        byte[][] s = StripeFixture.copy(shards);
        s[0] = null;
        s[3] = null;
        assertArrayEquals(stripe, decoder.decode(KEYS, ADDRESS, s).data());
    }

    @Test
    void tooFewShardsNamesTheRejectedAndTheMissing() {
        byte[][] s = StripeFixture.copy(shards);
        s[0] = null;
        s[1][s[1].length - 1] ^= 1;
        s[4] = Arrays.copyOf(s[4], 100);
        StripeUndecodableException e = assertThrows(StripeUndecodableException.class,
                () -> decoder.decode(KEYS, ADDRESS, s));
        assertEquals(3, e.authentic());
        assertEquals(4, e.needed());
        assertEquals(List.of(0), e.missing());
        assertEquals(List.of(1, 4), e.rejected().stream().map(RejectedShard::index).toList());
        assertTrue(e.getMessage().contains("shard 1 (segment 2 failed authentication)"), e.getMessage());
        assertTrue(e.getMessage().contains("shard 4 (corrupt header: truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("missing: 0"), e.getMessage());
    }

    @Test
    void aFlippedBitInEachPartIsRejectedForItsOwnReason() {
        ShardHeader h = header(shards[2]);
        assertReason(flip(2, 0), Rejection.NotAShard.class);
        assertReason(flip(2, 9), Rejection.UnsupportedVersion.class);
        assertReason(flip(2, 17), Rejection.CorruptHeader.class);
        assertReason(flip(2, 40), Rejection.WrongAddress.class);
        assertReason(flip(2, 90), Rejection.RecoveryBlockNotAuthentic.class); // nonce base: AAD of the recovery block
        assertReason(flip(2, 120), Rejection.RecoveryBlockNotAuthentic.class);
        assertReason(flip(2, h.headerLength() + 5), Rejection.SegmentNotAuthentic.class);
        assertReason(flip(2, shards[2].length - 1), Rejection.SegmentNotAuthentic.class);
    }

    @Test
    void truncatedOrExtendedShardsAreRejected() {
        assertReason(Arrays.copyOf(shards[2], shards[2].length - 1), Rejection.WrongLength.class);
        assertReason(Arrays.copyOf(shards[2], shards[2].length + 1), Rejection.WrongLength.class);
        assertEquals("truncated: 2708 bytes where the header says 2709",
                reject(1, Arrays.copyOf(shards[1], shards[1].length - 1)).reason().describe());
    }

    @Test
    void shardsFromAnotherPlaceAreRejected() {
        StripeEncoder e = new StripeEncoder(new SeededRandom(8));
        assertEquals(AddressField.STRIPE, misplaced(e.encode(KEYS, StripeFixture.address(8, 3), PARAMS, BLOB, stripe)));
        assertEquals(AddressField.GENERATION,
                misplaced(e.encode(KEYS, StripeFixture.address(7, 4), PARAMS, BLOB, stripe)));
        StripeAddress otherFile = StripeAddress.derive(StripeFixture.TAG_KEY, StripeFixture.OTHER_FILE_ID, 7, 3, 1);
        assertEquals(AddressField.STRIPE_TAG,
                misplaced(e.encode(StripeFixture.OTHER_FILE_KEYS, otherFile, PARAMS, BLOB, stripe)));
        StripeAddress otherEpoch = StripeAddress.derive(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3, 2);
        assertEquals(AddressField.KEY_EPOCH, misplaced(e.encode(KEYS, otherEpoch, PARAMS, BLOB, stripe)));
        // Shard 3 offered as shard 1.
        RejectedShard r = reject(1, shards[3]);
        assertEquals(AddressField.INDEX, ((Rejection.WrongAddress) r.reason()).field());
    }

    @Test
    void aForgedHeaderThatNamesThisStripeStillFails() {
        // Another file's shard, with its stripe tag rewritten to ours: the tag is AAD, so it fails.
        StripeAddress otherFile = StripeAddress.derive(StripeFixture.TAG_KEY, StripeFixture.OTHER_FILE_ID, 7, 3, 1);
        byte[] foreign = new StripeEncoder(new SeededRandom(9)).encode(StripeFixture.OTHER_FILE_KEYS, otherFile,
                PARAMS, BLOB, stripe)[2];
        System.arraycopy(ADDRESS.stripeTag(), 0, foreign, 34, 32);
        Rejection r = reject(2, foreign).reason();
        assertTrue(r instanceof Rejection.SegmentNotAuthentic || r instanceof Rejection.RecoveryBlockNotAuthentic
                || r instanceof Rejection.WrongAddress w && w.field() == AddressField.FILE_ID, r.describe());
    }

    @Test
    void theFileIdInTheRecoveryBlockIsChecked() {
        // Same keys and stripe tag but another file id inside: caught by the recovery block alone.
        StripeAddress liar = new StripeAddress(StripeFixture.OTHER_FILE_ID, 7, 3, 1, ADDRESS.stripeTag());
        byte[] s = new StripeEncoder(new SeededRandom(10)).encode(KEYS, liar, PARAMS, BLOB, stripe)[0];
        Rejection.WrongAddress w = assertInstanceOf(Rejection.WrongAddress.class, reject(0, s).reason());
        assertEquals(AddressField.FILE_ID, w.field());
    }

    @Test
    void aWrongFileKeyFailsAuthentication() {
        StripeKeys wrong = StripeKeys.of(StripeFixture.range(1, 32), StripeFixture.range(0x20, 32));
        assertInstanceOf(RejectedShard.class, decoder.authenticate(wrong, ADDRESS, 0, shards[0]));
        assertInstanceOf(Rejection.SegmentNotAuthentic.class,
                ((RejectedShard) decoder.authenticate(wrong, ADDRESS, 0, shards[0])).reason());
    }

    @Test
    void recoveryBlockOpensWithTheRecoveryKeyAlone() throws Exception {
        RecoveredShard r = decoder.openRecovery(KEYS.recoveryKey(), shards[4]);
        assertArrayEquals(StripeFixture.FILE_ID, r.fileId());
        assertArrayEquals(BLOB, r.recoveryBlob());
        assertEquals(4, r.index());
        assertEquals(ADDRESS, r.address());
        // With that address and the file key, the stripe decodes: recovery needs nothing else.
        assertArrayEquals(stripe, decoder.decode(KEYS, r.address(), shards).data());

        assertThrows(ShardNotAuthenticException.class,
                () -> decoder.openRecovery(StripeKeys.aes256(StripeFixture.range(9, 32)), shards[4]));
        assertThrows(CorruptShardException.class, () -> decoder.openRecovery(KEYS.recoveryKey(), new byte[3]));
    }

    @Test
    void recoveryBlocksOfOneStripeDoNotRepeat() {
        // Fresh nonce per shard: equal file ids do not make equal ciphertexts a node could match.
        byte[] a = Arrays.copyOfRange(shards[0], 100, 100 + 44 + BLOB.length);
        byte[] b = Arrays.copyOfRange(shards[1], 100, 100 + 44 + BLOB.length);
        assertTrue(!Arrays.equals(a, 0, 12, b, 0, 12) && !Arrays.equals(a, 12, 28, b, 12, 28));
    }

    @Test
    void assemblyIsReadyAfterTheFirstKAuthenticShards() throws Exception {
        StripeAssembly a = new StripeAssembly(ADDRESS);
        assertEquals(false, a.add(decoder.authenticate(KEYS, ADDRESS, 5, shards[5])));
        assertEquals(false, a.add(decoder.authenticate(KEYS, ADDRESS, 1, flip(1, 300))));
        assertEquals(false, a.add(decoder.authenticate(KEYS, ADDRESS, 2, shards[2])));
        assertEquals(false, a.add(decoder.authenticate(KEYS, ADDRESS, 2, shards[2]))); // replica of the same index
        assertEquals(false, a.add(decoder.authenticate(KEYS, ADDRESS, 4, shards[4])));
        assertThrows(StripeUndecodableException.class, a::finish);
        assertEquals(true, a.add(decoder.authenticate(KEYS, ADDRESS, 0, shards[0])));
        DecodedStripe d = a.finish();
        assertArrayEquals(stripe, d.data());
        assertEquals(List.of(0, 2, 4, 5), d.accepted());
        assertEquals(1, d.rejected().getFirst().index());
        StripeAssembly other = new StripeAssembly(StripeFixture.address(8, 3));
        assertThrows(IllegalArgumentException.class,
                () -> other.add(decoder.authenticate(KEYS, ADDRESS, 0, shards[0])));
    }

    @Test
    void smallStripesAndEmptyOnes() throws Exception {
        for (int len : new int[] {0, 1, 3, 4, 5, 1023, 1024, 4097}) {
            byte[] data = StripeFixture.stripe(len, len);
            byte[][] s = encoder.encode(KEYS, ADDRESS, PARAMS, new byte[0], data);
            s[1] = null;
            s[5] = null;
            assertArrayEquals(data, decoder.decode(KEYS, ADDRESS, s).data(), "length " + len);
        }
    }

    @Test
    void workedSizesOfTheFormatDocument() {
        // docs/shard-format.md, "Worked sizes": header 144 bytes + blob; one tag per segment.
        byte[][] one = encoder.encode(KEYS, ADDRESS, CodecParams.DEFAULT, new byte[0], new byte[1]);
        assertEquals(6, one.length);
        for (byte[] s : one) {
            assertEquals(161, s.length);
        }
        byte[][] mib = encoder.encode(KEYS, ADDRESS, CodecParams.DEFAULT, new byte[32], new byte[1 << 20]);
        for (byte[] s : mib) {
            assertEquals(176 + 262_144 + 4 * 16, s.length);
        }
        byte[][] wide = encoder.encode(KEYS, ADDRESS, new CodecParams(10, 4, 64 * 1024), new byte[32],
                new byte[10 << 20]);
        assertEquals(176 + (1 << 20) + 16 * 16, wide[13].length);
    }

    @Test
    void aSmallReadNeedsOnlyItsSegment() throws Exception {
        // Bytes 3000..3099 lie in data shard 1 (2500..4999), segment 0. Give the decoder only that.
        ShardLayout layout = header(shards[1]).layout();
        ShardLayout.ShardRead read = layout.locate(3000, 100).getFirst();
        assertEquals(1, read.shard());
        byte[] piece = new byte[layout.headerLength() + read.encryptedLength()];
        System.arraycopy(shards[1], 0, piece, 0, layout.headerLength());
        System.arraycopy(shards[1], read.encryptedOffset(), piece, layout.headerLength(), read.encryptedLength());
        ShardPiece[] pieces = new ShardPiece[6];
        pieces[1] = new ShardPiece(piece, read.firstSegment());
        RangeRead r = decoder.readRange(KEYS, ADDRESS, pieces, 3000, 100);
        assertArrayEquals(Arrays.copyOfRange(stripe, 3000, 3100), r.data());
        assertEquals(List.of(), r.rejected());

        // Damage elsewhere in the same shard does not matter to this read.
        byte[][] s = StripeFixture.copy(shards);
        s[1][s[1].length - 1] ^= 1;
        assertEquals(List.of(), decoder.readRange(KEYS, ADDRESS, s, 3000, 100).rejected());
    }

    @Test
    void aRangeWhoseDataShardIsBadDecodesTheColumn() throws Exception {
        byte[][] s = StripeFixture.copy(shards);
        s[1][header(s[1]).headerLength() + 3] ^= 1; // segment 0 of data shard 1
        s[2] = null;
        RangeRead r = decoder.readRange(KEYS, ADDRESS, s, 2400, 3000); // shards 0, 1 and 2
        assertArrayEquals(Arrays.copyOfRange(stripe, 2400, 5400), r.data());
        assertEquals(List.of(1), r.rejected().stream().map(RejectedShard::index).toList());
        assertInstanceOf(Rejection.SegmentNotAuthentic.class, r.rejected().getFirst().reason());

        s[4] = null;
        s[5] = null;
        StripeUndecodableException e = assertThrows(StripeUndecodableException.class,
                () -> decoder.readRange(KEYS, ADDRESS, s, 2400, 3000));
        assertTrue(e.getMessage().contains("missing: 2, 4, 5"), e.getMessage());
    }

    @Test
    void aRangePastTheEndIsTheCallersMistake() {
        assertThrows(IllegalArgumentException.class, () -> decoder.readRange(KEYS, ADDRESS, shards, 9_990, 11));
    }

    @Test
    void repairResealsOnlyTheLostShards() throws Exception {
        byte[][] s = StripeFixture.copy(shards);
        s[1] = null;
        s[4] = null;
        byte[] decoded = decoder.decode(KEYS, ADDRESS, s).data();
        java.util.BitSet lost = new java.util.BitSet();
        lost.set(1);
        lost.set(4);
        byte[][] rebuilt = new StripeEncoder(new SeededRandom(11)).encodeOnly(KEYS, ADDRESS, PARAMS, BLOB, decoded, 0,
                decoded.length, lost);
        assertEquals(null, rebuilt[0]);
        assertEquals(shards[4].length, rebuilt[4].length);
        assertTrue(!Arrays.equals(shards[4], rebuilt[4])); // fresh nonces
        s[1] = rebuilt[1];
        s[4] = rebuilt[4];
        s[0] = null; // the stripe now needs the rebuilt shards
        s[2] = null;
        assertArrayEquals(stripe, decoder.decode(KEYS, ADDRESS, s).data());
    }

    @Test
    void encoderLimits() {
        assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(KEYS, ADDRESS, PARAMS, new byte[513], new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new CodecParams(4, 2, 512));
        assertThrows(IllegalArgumentException.class, () -> new CodecParams(4, 2, 512 * 1024));
        assertThrows(IllegalArgumentException.class, () -> new CodecParams(200, 57, 1024));
        assertThrows(IllegalArgumentException.class, () -> StripeKeys.of(new byte[16], new byte[32]));
    }

    private AddressField misplaced(byte[][] foreign) {
        AddressField field = null;
        for (int i = 0; i < foreign.length; i++) {
            Rejection.WrongAddress w = assertInstanceOf(Rejection.WrongAddress.class, reject(i, foreign[i]).reason());
            assertTrue(field == null || field == w.field());
            field = w.field();
        }
        return field;
    }

    private RejectedShard reject(int index, byte[] shard) {
        return assertInstanceOf(RejectedShard.class, decoder.authenticate(KEYS, ADDRESS, index, shard));
    }

    private void assertReason(byte[] shard, Class<? extends Rejection> reason) {
        assertInstanceOf(reason, reject(2, shard).reason());
        byte[][] s = StripeFixture.copy(shards);
        s[2] = shard;
        try {
            DecodedStripe d = decoder.decode(KEYS, ADDRESS, s);
            assertArrayEquals(stripe, d.data());
            assertEquals(2, d.rejected().getFirst().index());
        } catch (StripeUndecodableException e) {
            throw new AssertionError(e);
        }
    }

    private byte[] flip(int shard, int offset) {
        byte[] s = shards[shard].clone();
        s[offset] ^= 0x01;
        return s;
    }

    private static ShardHeader header(byte[] shard) {
        try {
            return ShardHeader.parse(shard);
        } catch (ShardFormatException e) {
            throw new AssertionError(e);
        }
    }
}
