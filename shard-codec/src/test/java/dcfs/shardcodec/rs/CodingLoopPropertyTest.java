package dcfs.shardcodec.rs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The vector loop gives the scalar loop's bytes, for any matrix, length and offsets. */
class CodingLoopPropertyTest {

    @Property(tries = 400)
    void vectorAndScalarAreByteIdentical(@ForAll @IntRange(min = 1, max = 12) int outputs,
                                         @ForAll @IntRange(min = 1, max = 40) int inputs,
                                         @ForAll @IntRange(min = 0, max = 700) int length,
                                         @ForAll @IntRange(min = 0, max = 130) int inputOffset,
                                         @ForAll @IntRange(min = 0, max = 130) int outputOffset,
                                         @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CodingRows rows = CodingRows.of(Shards.coefficients(outputs, inputs, random));
        byte[][] in = Shards.random(inputs, inputOffset + length + random.nextInt(3), random);
        byte[][] expected = Shards.random(outputs, outputOffset + length + 2, random);
        byte[][] actual = Shards.copy(expected);
        ScalarCodingLoop.INSTANCE.codeSomeShards(rows, in, inputOffset, expected, outputOffset, length);
        for (CodingLoop loop : CodingLoops.available()) {
            byte[][] out = Shards.copy(actual);
            loop.codeSomeShards(rows, in, inputOffset, out, outputOffset, length);
            for (int o = 0; o < outputs; o++) {
                // Bytes outside [outputOffset, outputOffset + length) must be left as they were.
                assertArrayEquals(expected[o], out[o], loop.name() + ", output " + o);
            }
        }
    }

    /** Lengths straddling whole vectors, where tail handling goes wrong. */
    @Property(tries = 200)
    void lengthsAroundTheVectorWidth(@ForAll @IntRange(min = 1, max = 4) int vectors,
                                     @ForAll @IntRange(min = -2, max = 2) int delta,
                                     @ForAll @IntRange(min = 1, max = 9) int outputs,
                                     @ForAll long seed) {
        int width = VectorCodingLoop.vectorBits() / 8;
        int length = Math.max(0, vectors * width + delta);
        SplittableRandom random = new SplittableRandom(seed);
        int inputs = 1 + random.nextInt(20);
        CodingRows rows = CodingRows.of(Shards.coefficients(outputs, inputs, random));
        byte[][] in = Shards.random(inputs, length + 1, random);
        byte[][] expected = new byte[outputs][length + 1];
        byte[][] actual = new byte[outputs][length + 1];
        ScalarCodingLoop.INSTANCE.codeSomeShards(rows, in, 1, expected, 0, length);
        CodingLoops.named("vector").codeSomeShards(rows, in, 1, actual, 0, length);
        assertArrayEquals(expected, actual);
    }
}
