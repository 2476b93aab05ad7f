package dcfs.shardcodec.rs;

import java.util.Arrays;

/** A small dense matrix over GF(2^8); only what building and inverting coding matrices needs. */
final class Matrix {
    private final int rows;
    private final int cols;
    private final byte[][] data;

    Matrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.data = new byte[rows][cols];
    }

    static Matrix identity(int n) {
        Matrix m = new Matrix(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i][i] = 1;
        }
        return m;
    }

    /** Entry (r, c) = r^c: any `cols` of its rows are linearly independent while rows <= 256. */
    static Matrix vandermonde(int rows, int cols) {
        Matrix m = new Matrix(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m.data[r][c] = GaloisField.exp((byte) r, c);
            }
        }
        return m;
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    byte get(int r, int c) {
        return data[r][c];
    }

    void set(int r, int c, byte v) {
        data[r][c] = v;
    }

    /** A copy of one row. */
    byte[] row(int r) {
        return data[r].clone();
    }

    Matrix times(Matrix right) {
        if (cols != right.rows) {
            throw new IllegalArgumentException("matrix shapes do not match: " + cols + " != " + right.rows);
        }
        Matrix out = new Matrix(rows, right.cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < right.cols; c++) {
                byte v = 0;
                for (int i = 0; i < cols; i++) {
                    v ^= GaloisField.multiply(data[r][i], right.data[i][c]);
                }
                out.data[r][c] = v;
            }
        }
        return out;
    }

    /** Rows [rmin, rmax) and columns [cmin, cmax). */
    Matrix submatrix(int rmin, int cmin, int rmax, int cmax) {
        Matrix out = new Matrix(rmax - rmin, cmax - cmin);
        for (int r = rmin; r < rmax; r++) {
            System.arraycopy(data[r], cmin, out.data[r - rmin], 0, cmax - cmin);
        }
        return out;
    }

    /** The inverse, by Gauss-Jordan elimination; throws if the matrix is singular. */
    Matrix invert() {
        if (rows != cols) {
            throw new IllegalArgumentException("only square matrices invert");
        }
        int n = rows;
        byte[][] work = new byte[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(data[r], 0, work[r], 0, n);
            work[r][n + r] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            while (pivot < n && work[pivot][c] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular matrix");
            }
            byte[] tmp = work[c];
            work[c] = work[pivot];
            work[pivot] = tmp;
            byte scale = GaloisField.inverse(work[c][c]);
            for (int i = 0; i < 2 * n; i++) {
                work[c][i] = GaloisField.multiply(work[c][i], scale);
            }
            for (int r = 0; r < n; r++) {
                byte f = work[r][c];
                if (r != c && f != 0) {
                    for (int i = 0; i < 2 * n; i++) {
                        work[r][i] ^= GaloisField.multiply(f, work[c][i]);
                    }
                }
            }
        }
        Matrix out = new Matrix(n, n);
        for (int r = 0; r < n; r++) {
            System.arraycopy(work[r], n, out.data[r], 0, n);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && rows == m.rows && cols == m.cols && Arrays.deepEquals(data, m.data);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(data);
    }
}
