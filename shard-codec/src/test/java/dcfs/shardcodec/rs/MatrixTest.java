package dcfs.shardcodec.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Matrix} against the worked examples of Backblaze's MatrixTest (java_tables.py answers). */
class MatrixTest {

    static Matrix of(int[][] entries) {
        Matrix m = new Matrix(entries.length, entries[0].length);
        for (int r = 0; r < entries.length; r++) {
            for (int c = 0; c < entries[0].length; c++) {
                m.set(r, c, (byte) entries[r][c]);
            }
        }
        return m;
    }

    @Test
    void multiplies() {
        Matrix product = of(new int[][] {{1, 2}, {3, 4}}).times(of(new int[][] {{5, 6}, {7, 8}}));
        assertEquals(of(new int[][] {{11, 22}, {19, 42}}), product);
    }

    @Test
    void invertsBackblazesThreeByThree() {
        Matrix m = of(new int[][] {{56, 23, 98}, {3, 100, 200}, {45, 201, 123}});
        assertEquals(of(new int[][] {{175, 133, 33}, {130, 13, 245}, {112, 35, 126}}), m.invert());
        assertEquals(Matrix.identity(3), m.times(m.invert()));
    }

    @Test
    void invertsBackblazesFiveByFiveWhichNeedsARowSwap() {
        Matrix m = of(new int[][] {
            {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}, {7, 7, 6, 6, 1}});
        assertEquals(of(new int[][] {
            {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {123, 123, 1, 122, 122}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0}}),
                m.invert());
        assertEquals(Matrix.identity(5), m.times(m.invert()));
    }

    @Test
    void refusesASingularMatrix() {
        Matrix singular = of(new int[][] {{1, 2}, {1, 2}});
        assertThrows(ArithmeticException.class, singular::invert);
    }

    @Test
    void vandermondeEntriesArePowersOfTheRowIndex() {
        Matrix v = Matrix.vandermonde(6, 4);
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(c == 0 ? 1 : SlowField.power(r, c), v.get(r, c) & 0xFF, "(" + r + "," + c + ")");
            }
        }
    }
}
