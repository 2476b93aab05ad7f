package dcfs.shardcodec.rs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Encode, verify and decode, run down every coding loop. */
class ReedSolomonPropertyTest {

    @Provide
    Arbitrary<CodingLoop> loops() {
        return Arbitraries.of(CodingLoops.available());
    }

    @Property(tries = 300)
    void parityEqualsTheTextbookCodeAndAnyMLossesDecode(@ForAll("loops") CodingLoop loop,
                                                        @ForAll @IntRange(min = 1, max = 24) int k,
                                                        @ForAll @IntRange(min = 1, max = 10) int m,
                                                        @ForAll @IntRange(min = 0, max = 300) int length,
                                                        @ForAll @IntRange(min = 0, max = 70) int offset,
                                                        @ForAll long seed) throws NotEnoughShardsException {
        SplittableRandom random = new SplittableRandom(seed);
        ReedSolomon codec = ReedSolomon.create(k, m, loop);
        byte[][] shards = Shards.random(k + m, offset + length, random);
        codec.encodeParity(shards, offset, length);

        byte[][] data = new byte[k][];
        for (int i = 0; i < k; i++) {
            data[i] = java.util.Arrays.copyOfRange(shards[i], offset, offset + length);
        }
        byte[][] parity = new TextbookReedSolomon(k, m).parity(data);
        for (int p = 0; p < m; p++) {
            assertArrayEquals(parity[p], java.util.Arrays.copyOfRange(shards[k + p], offset, offset + length),
                    "parity shard " + p);
        }
        assertTrue(codec.isParityCorrect(shards, offset, length));

        byte[][] original = Shards.copy(shards);
        boolean[] present = Shards.presentAfterLosing(k + m, random.nextInt(m + 1), random);
        for (int i = 0; i < k + m; i++) {
            if (!present[i]) {
                Shards.fill(shards[i], random);
                System.arraycopy(original[i], 0, shards[i], 0, offset); // outside the range: untouched
            }
        }
        codec.decodeMissing(shards, present, offset, length);
        for (int i = 0; i < k + m; i++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(original[i], 0, offset + length),
                    java.util.Arrays.copyOfRange(shards[i], 0, offset + length), "shard " + i);
        }
    }

    /** The whole field: k + m up to 256, fewer tries because decode inverts up to 255×255. */
    @Property(tries = 25)
    void wideCodesDecodeAfterLosingM(@ForAll("loops") CodingLoop loop,
                                     @ForAll @IntRange(min = 1, max = 255) int k,
                                     @ForAll @IntRange(min = 0, max = 100) int length,
                                     @ForAll long seed) throws NotEnoughShardsException {
        SplittableRandom random = new SplittableRandom(seed);
        int m = 1 + random.nextInt(256 - k);
        ReedSolomon codec = ReedSolomon.create(k, m, loop);
        byte[][] shards = Shards.random(k + m, length, random);
        codec.encodeParity(shards, 0, length);
        byte[][] original = Shards.copy(shards);
        boolean[] present = Shards.presentAfterLosing(k + m, m, random);
        for (int i = 0; i < k + m; i++) {
            if (!present[i]) {
                java.util.Arrays.fill(shards[i], (byte) 0);
            }
        }
        codec.decodeMissing(shards, present, 0, length);
        assertArrayEquals(original, shards);
    }

    @Property(tries = 300)
    void aFlippedByteFailsVerification(@ForAll("loops") CodingLoop loop,
                                       @ForAll @IntRange(min = 1, max = 20) int k,
                                       @ForAll @IntRange(min = 1, max = 8) int m,
                                       @ForAll @IntRange(min = 1, max = 300) int length,
                                       @ForAll @IntRange(min = 0, max = 70) int offset,
                                       @ForAll @IntRange(min = 1, max = 255) int flip,
                                       @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ReedSolomon codec = ReedSolomon.create(k, m, loop);
        byte[][] shards = Shards.random(k + m, offset + length + 1, random);
        codec.encodeParity(shards, offset, length);
        assertTrue(codec.isParityCorrect(shards, offset, length));

        int shard = random.nextInt(k + m);
        int at = offset + random.nextInt(length);
        shards[shard][at] ^= (byte) flip;
        assertFalse(codec.isParityCorrect(shards, offset, length), "flip in shard " + shard + " at " + at);
        shards[shard][at] ^= (byte) flip;

        // A change outside the verified range is not the codec's business.
        shards[shard][offset + length] ^= (byte) flip;
        assertTrue(codec.isParityCorrect(shards, offset, length));
    }

    @Property(tries = 100)
    void fewerThanKShardsCannotDecode(@ForAll("loops") CodingLoop loop,
                                      @ForAll @IntRange(min = 1, max = 20) int k,
                                      @ForAll @IntRange(min = 1, max = 8) int m,
                                      @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ReedSolomon codec = ReedSolomon.create(k, m, loop);
        byte[][] shards = new byte[k + m][16];
        int lost = m + 1 + random.nextInt(k);
        boolean[] present = Shards.presentAfterLosing(k + m, lost, random);
        NotEnoughShardsException e = assertThrows(NotEnoughShardsException.class,
                () -> codec.decodeMissing(shards, present, 0, 16));
        assertEquals(k + m - lost, e.present());
        assertEquals(k, e.needed());
    }
}
