package dcfs.shardcodec.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The coding matrix of {@link ReedSolomon}: systematic, MDS, and the textbook construction's. */
class CodingMatrixTest {

    @ParameterizedTest(name = "RS({0},{1})")
    @CsvSource({"1,1", "2,1", "4,2", "5,5", "10,4", "17,3", "1,255", "128,128", "255,1"})
    void equalsTheTextbookConstructionAndStartsWithTheIdentity(int k, int m) {
        ReedSolomon codec = ReedSolomon.create(k, m, ScalarCodingLoop.INSTANCE);
        TextbookReedSolomon reference = new TextbookReedSolomon(k, m);
        for (int r = 0; r < k + m; r++) {
            for (int c = 0; c < k; c++) {
                int entry = codec.matrixEntry(r, c) & 0xFF;
                if (r < k) {
                    assertEquals(r == c ? 1 : 0, entry, "top square must be the identity at (" + r + "," + c + ")");
                }
                assertEquals(reference.entry(r, c), entry, "entry (" + r + "," + c + ")");
            }
        }
    }

    /** Every choice of k rows out of k + m inverts: any k shards rebuild the data. */
    @ParameterizedTest(name = "RS({0},{1})")
    @CsvSource({"1,1", "2,2", "3,3", "4,2", "4,4", "5,5", "6,3", "7,5", "10,2"})
    void everyKRowsAreInvertible(int k, int m) {
        ReedSolomon codec = ReedSolomon.create(k, m, ScalarCodingLoop.INSTANCE);
        int n = k + m;
        int subsets = 0;
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) != k) {
                continue;
            }
            Matrix square = new Matrix(k, k);
            for (int r = 0, row = 0; r < n; r++) {
                if ((mask >>> r & 1) != 0) {
                    for (int c = 0; c < k; c++) {
                        square.set(row, c, codec.matrixEntry(r, c));
                    }
                    row++;
                }
            }
            assertEquals(Matrix.identity(k), square.times(square.invert()), "rows " + Integer.toBinaryString(mask));
            subsets++;
        }
        assertEquals(binomial(n, k), subsets);
    }

    @Test
    void refusesShapesOutsideTheField() {
        assertEquals("k (data shards) must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> ReedSolomon.create(0, 2)).getMessage());
        assertEquals("m (parity shards) must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> ReedSolomon.create(4, 0)).getMessage());
        assertEquals("k + m must be at most 256, got 257",
                assertThrows(IllegalArgumentException.class, () -> ReedSolomon.create(200, 57)).getMessage());
    }

    private static int binomial(int n, int k) {
        long r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return (int) r;
    }
}
