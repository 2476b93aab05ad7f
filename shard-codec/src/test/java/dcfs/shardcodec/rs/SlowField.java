package dcfs.shardcodec.rs;

/**
 * GF(2^8) the textbook way, sharing nothing with {@link GaloisField}: carry-less multiplication
 * reduced by the polynomial 0x11D bit by bit, inverses by exponentiation (a^254). The oracle the
 * table-driven field and the codec are checked against.
 */
final class SlowField {
    private SlowField() {
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

    static int power(int a, int n) {
        int result = 1;
        for (int i = 0; i < n; i++) {
            result = multiply(result, a);
        }
        return result;
    }

    /** a^254 = a^-1 for a != 0, since the multiplicative group has order 255. */
    static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse");
        }
        return power(a, 254);
    }
}
