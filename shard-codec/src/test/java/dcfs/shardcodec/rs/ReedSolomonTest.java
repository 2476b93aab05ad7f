package dcfs.shardcodec.rs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReedSolomonTest {

    static Stream<CodingLoop> loops() {
        return CodingLoops.available().stream();
    }

    /** Backblaze ReedSolomonTest.testSimpleEncodeDecode: RS(5,5), every subset of up to 5 lost. */
    @ParameterizedTest
    @MethodSource("loops")
    void everySubsetOfUpToMLostDecodes(CodingLoop loop) throws NotEnoughShardsException {
        ReedSolomon codec = ReedSolomon.create(5, 5, loop);
        byte[][] original = {{0, 1}, {1, 2}, {1, 3}, {2, 4}, {3, 5}, new byte[2], new byte[2], new byte[2],
            new byte[2], new byte[2]};
        codec.encodeParity(original, 0, 2);
        int decoded = 0;
        for (int lostMask = 0; lostMask < 1 << 10; lostMask++) {
            if (Integer.bitCount(lostMask) > 5) {
                continue;
            }
            byte[][] shards = Shards.copy(original);
            boolean[] present = new boolean[10];
            for (int i = 0; i < 10; i++) {
                present[i] = (lostMask >>> i & 1) == 0;
                if (!present[i]) {
                    shards[i] = new byte[2];
                }
            }
            codec.decodeMissing(shards, present, 0, 2);
            assertArrayEquals(original, shards, "lost " + Integer.toBinaryString(lostMask));
            decoded++;
        }
        assertEquals(638, decoded); // sum of C(10, i) for i = 0..5
    }

    /** Backblaze ReedSolomonTest.testBigEncodeDecode's shape, RS(64,64), on a few erasure patterns. */
    @ParameterizedTest
    @MethodSource("loops")
    void bigCode(CodingLoop loop) throws NotEnoughShardsException {
        SplittableRandom random = new SplittableRandom(64);
        ReedSolomon codec = ReedSolomon.create(64, 64, loop);
        byte[][] original = Shards.random(128, 200, random);
        codec.encodeParity(original, 0, 200);
        for (int round = 0; round < 5; round++) {
            byte[][] shards = Shards.copy(original);
            boolean[] present = Shards.presentAfterLosing(128, 64, random);
            for (int i = 0; i < 128; i++) {
                if (!present[i]) {
                    java.util.Arrays.fill(shards[i], (byte) 0);
                }
            }
            codec.decodeMissing(shards, present, 0, 200);
            assertArrayEquals(original, shards);
        }
    }

    @Test
    void decodePlansAreCachedPerErasurePatternAndBounded() throws NotEnoughShardsException {
        // A codec of its own: create(10, 4) is shared, and other tests in this JVM leave plans in it.
        ReedSolomon codec = ReedSolomon.create(10, 4, CodingLoops.fastest());
        byte[][] shards = Shards.random(14, 100, new SplittableRandom(1));
        codec.encodeParity(shards, 0, 100);
        boolean[] present = Shards.presentAfterLosing(14, 4, new SplittableRandom(2));
        codec.decodeMissing(shards, present, 0, 100);
        codec.decodeMissing(shards, present, 0, 100);
        assertEquals(1, codec.cachedDecodePlans());
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 3 * DecodePlans.CAPACITY; i++) {
            codec.decodeMissing(shards, Shards.presentAfterLosing(14, 1 + random.nextInt(4), random), 0, 100);
        }
        assertEquals(DecodePlans.CAPACITY, codec.cachedDecodePlans());
        assertEquals(true, codec.isParityCorrect(shards, 0, 100));
    }

    @Test
    void nothingMissingIsNothingToDo() throws NotEnoughShardsException {
        ReedSolomon codec = ReedSolomon.create(3, 2);
        byte[][] shards = Shards.random(5, 10, new SplittableRandom(4));
        byte[][] before = Shards.copy(shards);
        boolean[] all = {true, true, true, true, true};
        codec.decodeMissing(shards, all, 0, 10);
        assertArrayEquals(before, shards);
        assertEquals(0, codec.cachedDecodePlans());
    }

    @Test
    void refusesMalformedShardSets() {
        ReedSolomon codec = ReedSolomon.create(3, 2);
        assertEquals("got 4 shards, want 5", assertThrows(IllegalArgumentException.class,
                () -> codec.encodeParity(new byte[4][8], 0, 8)).getMessage());
        byte[][] uneven = {new byte[8], new byte[8], new byte[7], new byte[8], new byte[8]};
        assertEquals("shards differ in size: shard 0 has 8 bytes, shard 2 has 7", assertThrows(
                IllegalArgumentException.class, () -> codec.encodeParity(uneven, 0, 7)).getMessage());
        assertEquals("range 4+5 exceeds shard size 8", assertThrows(IllegalArgumentException.class,
                () -> codec.encodeParity(new byte[5][8], 4, 5)).getMessage());
        assertEquals("shard 1 is null", assertThrows(IllegalArgumentException.class,
                () -> codec.encodeParity(new byte[][] {new byte[1], null, new byte[1], new byte[1], new byte[1]}, 0, 1))
                .getMessage());
        assertEquals("shardPresent has 4 entries, want 5", assertThrows(IllegalArgumentException.class,
                () -> codec.decodeMissing(new byte[5][8], new boolean[4], 0, 8)).getMessage());
    }
}
