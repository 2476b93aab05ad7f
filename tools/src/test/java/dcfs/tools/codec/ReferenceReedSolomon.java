package dcfs.tools.codec;

/**
 * The Backblaze / klauspost construction written out the slow textbook way, independent of
 * shard-codec: GF(2^8) by carry-less multiplication reduced by 0x11D, the (k+m)×k Vandermonde
 * matrix (entry r^c, 0^0 = 1), made systematic by multiplying with the inverse of its top k×k
 * square (Gauss-Jordan), parity = bottom m rows × data, byte by byte.
 */
final class ReferenceReedSolomon {
    private final int k;
    private final int[][] parityRows;

    ReferenceReedSolomon(int k, int m) {
        this.k = k;
        int[][] v = new int[k + m][k];
        for (int r = 0; r < k + m; r++) {
            for (int c = 0; c < k; c++) {
                int power = 1;
                for (int i = 0; i < c; i++) {
                    power = multiply(power, r);
                }
                v[r][c] = power;
            }
        }
        int[][] topInverse = invert(java.util.Arrays.copyOf(v, k));
        parityRows = new int[m][k];
        for (int p = 0; p < m; p++) {
            for (int c = 0; c < k; c++) {
                int sum = 0;
                for (int i = 0; i < k; i++) {
                    sum ^= multiply(v[k + p][i], topInverse[i][c]);
                }
                parityRows[p][c] = sum;
            }
        }
    }

    byte[][] parity(byte[][] data) {
        int length = data[0].length;
        byte[][] parity = new byte[parityRows.length][length];
        for (int p = 0; p < parityRows.length; p++) {
            for (int b = 0; b < length; b++) {
                int sum = 0;
                for (int c = 0; c < k; c++) {
                    sum ^= multiply(parityRows[p][c], data[c][b] & 0xFF);
                }
                parity[p][b] = (byte) sum;
            }
        }
        return parity;
    }

    static int multiply(int a, int b) {
        int product = 0;
        for (int bit = 0; bit < 8; bit++) {
            if ((b >>> bit & 1) != 0) {
                product ^= a << bit;
            }
        }
        for (int bit = 14; bit >= 8; bit--) {
            if ((product >>> bit & 1) != 0) {
                product ^= 0x11D << (bit - 8);
            }
        }
        return product;
    }

    private static int inverse(int a) {
        int result = 1;
        for (int i = 0; i < 254; i++) {
            result = multiply(result, a);
        }
        return result;
    }

    private static int[][] invert(int[][] a) {
        int n = a.length;
        int[][] w = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(a[r], 0, w[r], 0, n);
            w[r][n + r] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            while (w[pivot][c] == 0) {
                pivot++;
            }
            int[] swap = w[c];
            w[c] = w[pivot];
            w[pivot] = swap;
            int scale = inverse(w[c][c]);
            for (int i = 0; i < 2 * n; i++) {
                w[c][i] = multiply(w[c][i], scale);
            }
            for (int r = 0; r < n; r++) {
                int f = w[r][c];
                if (r != c && f != 0) {
                    for (int i = 0; i < 2 * n; i++) {
                        w[r][i] ^= multiply(f, w[c][i]);
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
