package dcfs.shardcodec.rs;

/**
 * GF(2^8) with field polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and generator 2: the field of
 * Backblaze's JavaReedSolomon and klauspost/reedsolomon, so that parity bytes equal theirs.
 *
 * <p>Tables are built once at class load from the polynomial, not typed in.
 */
public final class GaloisField {
    /** The field polynomial, with the x^8 term. */
    public static final int POLYNOMIAL = 0x11D;
    /** Number of elements. */
    public static final int SIZE = 256;

    /** LOG[a] for a != 0; LOG[0] is unused. */
    private static final int[] LOG = new int[SIZE];
    /** EXP[i] = 2^i, doubled in length so EXP[LOG[a] + LOG[b]] needs no modulo. */
    private static final byte[] EXP = new byte[2 * SIZE];
    /** MUL[a][b] = a * b; 64 KiB, the scalar coding loop's only table. */
    private static final byte[][] MUL = new byte[SIZE][SIZE];

    static {
        int x = 1;
        for (int i = 0; i < SIZE - 1; i++) {
            EXP[i] = (byte) x;
            LOG[x] = i;
            x <<= 1;
            if (x >= SIZE) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = SIZE - 1; i < EXP.length; i++) {
            EXP[i] = EXP[i - (SIZE - 1)];
        }
        for (int a = 0; a < SIZE; a++) {
            for (int b = 0; b < SIZE; b++) {
                MUL[a][b] = (a == 0 || b == 0) ? 0 : EXP[LOG[a] + LOG[b]];
            }
        }
    }

    private GaloisField() {
    }

    public static byte add(byte a, byte b) {
        return (byte) (a ^ b);
    }

    public static byte multiply(byte a, byte b) {
        return MUL[a & 0xFF][b & 0xFF];
    }

    /** The row of products c * x for every x; shared, callers must not modify it. */
    static byte[] multiplicationRow(byte c) {
        return MUL[c & 0xFF];
    }

    public static byte divide(byte a, byte b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero in GF(2^8)");
        }
        if (a == 0) {
            return 0;
        }
        int diff = LOG[a & 0xFF] - LOG[b & 0xFF];
        return EXP[diff < 0 ? diff + SIZE - 1 : diff];
    }

    public static byte inverse(byte a) {
        return divide((byte) 1, a);
    }

    /** a^n, with 0^0 = 1 as the Vandermonde construction needs. */
    public static byte exp(byte a, int n) {
        if (n == 0) {
            return 1;
        }
        if (a == 0) {
            return 0;
        }
        return EXP[(LOG[a & 0xFF] * n) % (SIZE - 1)];
    }
}
