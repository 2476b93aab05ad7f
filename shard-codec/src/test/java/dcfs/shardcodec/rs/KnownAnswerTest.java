package dcfs.shardcodec.rs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Published vectors, through every coding loop. */
class KnownAnswerTest {

    static Stream<CodingLoop> loops() {
        return CodingLoops.available().stream();
    }

    /**
     * RS(5,5) on two-byte shards: Backblaze JavaReedSolomon ReedSolomonTest.testOneEncode, also
     * klauspost/reedsolomon reedsolomon_test.go TestOneEncode.
     */
    @ParameterizedTest
    @MethodSource("loops")
    void backblazeAndKlauspostOneEncode(CodingLoop loop) {
        ReedSolomon codec = ReedSolomon.create(5, 5, loop);
        byte[][] shards = {
            {0, 1}, {4, 5}, {2, 3}, {6, 7}, {8, 9}, new byte[2], new byte[2], new byte[2], new byte[2], new byte[2]};
        codec.encodeParity(shards, 0, 2);
        assertArrayEquals(new byte[] {12, 13}, shards[5]);
        assertArrayEquals(new byte[] {10, 11}, shards[6]);
        assertArrayEquals(new byte[] {14, 15}, shards[7]);
        assertArrayEquals(new byte[] {90, 91}, shards[8]);
        assertArrayEquals(new byte[] {94, 95}, shards[9]);
        assertTrue(codec.isParityCorrect(shards, 0, 2));
        shards[8][0]++;
        assertFalse(codec.isParityCorrect(shards, 0, 2));
    }

    /** Backblaze ReedSolomonTest.testZeroSizeEncode: nothing to do is not an error. */
    @ParameterizedTest
    @MethodSource("loops")
    void zeroSizeEncode(CodingLoop loop) {
        ReedSolomon codec = ReedSolomon.create(2, 1, loop);
        codec.encodeParity(new byte[3][0], 0, 0);
        assertTrue(codec.isParityCorrect(new byte[3][0], 0, 0));
    }

    record SliceVector(byte[] coefficients, byte[] input, byte[] expected) {
    }

    /** Rows of klauspost-galois-slices.csv (see its header for the source), crossed with every loop. */
    static Stream<Arguments> klauspostSlices() throws IOException {
        List<Named<SliceVector>> vectors = new ArrayList<>();
        try (var in = Objects.requireNonNull(KnownAnswerTest.class.getResourceAsStream("klauspost-galois-slices.csv"));
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(";");
                String[] coefficients = fields[0].trim().split(" ");
                byte[] c = new byte[coefficients.length];
                for (int i = 0; i < c.length; i++) {
                    c[i] = (byte) Integer.parseInt(coefficients[i]);
                }
                HexFormat hex = HexFormat.of();
                vectors.add(Named.of("coefficients " + fields[0],
                        new SliceVector(c, hex.parseHex(fields[1]), hex.parseHex(fields[2]))));
            }
        }
        return loops().flatMap(loop -> vectors.stream().map(v -> Arguments.of(loop, v)));
    }

    /**
     * Each vector as one output of a one-row matrix whose inputs are all the same slice; also
     * repeated to 3 × 64 + 7 bytes at an odd offset so the vector loop's full vectors and its tail
     * both see every value.
     */
    @ParameterizedTest
    @MethodSource("klauspostSlices")
    void klauspostGaloisSlices(CodingLoop loop, SliceVector v) {
        int n = v.coefficients().length;
        CodingRows rows = CodingRows.of(new byte[][] {v.coefficients()});
        byte[][] inputs = new byte[n][];
        java.util.Arrays.fill(inputs, v.input());
        byte[][] out = {new byte[v.input().length]};
        loop.codeSomeShards(rows, inputs, out, 0, v.input().length);
        assertArrayEquals(v.expected(), out[0]);

        int length = 3 * 64 + 7;
        int offset = 5;
        byte[] longInput = new byte[offset + length];
        byte[] longExpected = new byte[offset + length];
        for (int i = 0; i < length; i++) {
            longInput[offset + i] = v.input()[i % v.input().length];
            longExpected[offset + i] = v.expected()[i % v.input().length];
        }
        java.util.Arrays.fill(inputs, longInput);
        byte[][] longOut = {new byte[offset + length]};
        loop.codeSomeShards(rows, inputs, longOut, offset, length);
        assertArrayEquals(longExpected, longOut[0]);
    }
}
