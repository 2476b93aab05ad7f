package dcfs.shardcodec.rs;

/**
 * The systematic Vandermonde code of Backblaze's JavaReedSolomon and klauspost/reedsolomon, built
 * byte by byte with {@link SlowField} and its own Gauss-Jordan elimination: V (entry r^c, 0^0 = 1)
 * times the inverse of V's top k×k square. Slow and independent of the production code, so the
 * codec's parity can be checked against it for any shape.
 */
final class TextbookReedSolomon {
    private final int k;
    private final int[][] matrix;

    TextbookReedSolomon(int k, int m) {
        this.k = k;
        int n = k + m;
        int[][] vandermonde = new int[n][k];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < k; c++) {
                vandermonde[r][c] = c == 0 ? 1 : SlowField.power(r, c);
            }
        }
        int[][] top = new int[k][];
        for (int r = 0; r < k; r++) {
            top[r] = vandermonde[r].clone();
        }
        this.matrix = multiply(vandermonde, invert(top));
    }

    int entry(int row, int col) {
        return matrix[row][col];
    }

    /** The m parity shards of {@code data} (k equal-length shards). */
    byte[][] parity(byte[][] data) {
        int m = matrix.length - k;
        int length = data[0].length;
        byte[][] parity = new byte[m][length];
        for (int p = 0; p < m; p++) {
            for (int b = 0; b < length; b++) {
                int sum = 0;
                for (int c = 0; c < k; c++) {
                    sum ^= SlowField.multiply(matrix[k + p][c], data[c][b] & 0xFF);
                }
                parity[p][b] = (byte) sum;
            }
        }
        return parity;
    }

    static int[][] multiply(int[][] a, int[][] b) {
        int[][] out = new int[a.length][b[0].length];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < b[0].length; c++) {
                int sum = 0;
                for (int i = 0; i < b.length; i++) {
                    sum ^= SlowField.multiply(a[r][i], b[i][c]);
                }
                out[r][c] = sum;
            }
        }
        return out;
    }

    /** Gauss-Jordan on [a | I]; throws if a is singular. */
    static int[][] invert(int[][] a) {
        int n = a.length;
        int[][] w = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(a[r], 0, w[r], 0, n);
            w[r][n + r] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            while (pivot < n && w[pivot][c] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular");
            }
            int[] swap = w[c];
            w[c] = w[pivot];
            w[pivot] = swap;
            int scale = SlowField.inverse(w[c][c]);
            for (int i = 0; i < 2 * n; i++) {
                w[c][i] = SlowField.multiply(w[c][i], scale);
            }
            for (int r = 0; r < n; r++) {
                int f = w[r][c];
                if (r != c && f != 0) {
                    for (int i = 0; i < 2 * n; i++) {
                        w[r][i] ^= SlowField.multiply(f, w[c][i]);
                    }
                }
            }
        }
        int[][] out = new int[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(w[r], n, out[r], 0, n);
        }
        return out;
    }
}
