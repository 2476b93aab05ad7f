package dcfs.shardcodec.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Exhaustive checks that {@link GaloisField} is GF(2^8) over 0x11D with generator 2. */
class GaloisFieldTest {

    private static byte b(int v) {
        return (byte) v;
    }

    private static int u(byte v) {
        return v & 0xFF;
    }

    @Test
    void everyProductMatchesCarrylessMultiplicationReducedBy0x11D() {
        for (int a = 0; a < 256; a++) {
            for (int x = 0; x < 256; x++) {
                int want = SlowField.multiply(a, x);
                if (u(GaloisField.multiply(b(a), b(x))) != want) {
                    fail(a + " * " + x + ": want " + want + ", got " + u(GaloisField.multiply(b(a), b(x))));
                }
            }
        }
    }

    @Test
    void productsPublishedByBackblazeAndKlauspost() {
        // Backblaze JavaReedSolomon GaloisTest.testWithPythonAnswers, klauspost galois_test.go testGalois.
        assertEquals(12, u(GaloisField.multiply(b(3), b(4))));
        assertEquals(21, u(GaloisField.multiply(b(7), b(7))));
        assertEquals(41, u(GaloisField.multiply(b(23), b(45))));
        assertEquals(4, u(GaloisField.exp(b(2), 2)));
        assertEquals(235, u(GaloisField.exp(b(5), 20)));
        assertEquals(43, u(GaloisField.exp(b(13), 7)));
    }

    @Test
    void twoGeneratesEveryNonZeroElement() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 255; i++) {
            seen.add(u(GaloisField.exp(b(2), i)));
        }
        assertEquals(255, seen.size());
        assertEquals(1, u(GaloisField.exp(b(2), 255)));
    }

    @Test
    void everyNonZeroElementHasTheInverseTheSlowFieldComputes() {
        for (int a = 1; a < 256; a++) {
            byte inv = GaloisField.inverse(b(a));
            assertEquals(SlowField.inverse(a), u(inv), "inverse of " + a);
            assertEquals(1, u(GaloisField.multiply(b(a), inv)), "a * a^-1 for " + a);
        }
        assertThrows(ArithmeticException.class, () -> GaloisField.inverse(b(0)));
    }

    @Test
    void divisionUndoesMultiplication() {
        for (int a = 0; a < 256; a++) {
            for (int d = 1; d < 256; d++) {
                byte q = GaloisField.divide(b(a), b(d));
                if (GaloisField.multiply(q, b(d)) != b(a)) {
                    fail("(" + a + " / " + d + ") * " + d + " != " + a);
                }
            }
        }
        assertThrows(ArithmeticException.class, () -> GaloisField.divide(b(5), b(0)));
    }

    @Test
    void identitiesAndCommutativity() {
        for (int a = 0; a < 256; a++) {
            assertEquals(b(a), GaloisField.add(b(a), b(0)));
            assertEquals(b(a), GaloisField.multiply(b(a), b(1)));
            assertEquals(0, GaloisField.multiply(b(a), b(0)));
            assertEquals(0, GaloisField.add(b(a), b(a)), "every element is its own additive inverse");
            for (int x = 0; x < 256; x++) {
                if (GaloisField.multiply(b(a), b(x)) != GaloisField.multiply(b(x), b(a))
                        || GaloisField.add(b(a), b(x)) != GaloisField.add(b(x), b(a))) {
                    fail("not commutative at " + a + ", " + x);
                }
            }
        }
    }

    @Test
    void associativityAndDistributivityOverAllTriples() {
        for (int a = 0; a < 256; a++) {
            for (int x = 0; x < 256; x++) {
                byte ax = GaloisField.multiply(b(a), b(x));
                for (int y = 0; y < 256; y++) {
                    byte left = GaloisField.multiply(ax, b(y));
                    byte right = GaloisField.multiply(b(a), GaloisField.multiply(b(x), b(y)));
                    byte distributed = GaloisField.add(ax, GaloisField.multiply(b(a), b(y)));
                    if (left != right || GaloisField.multiply(b(a), GaloisField.add(b(x), b(y))) != distributed) {
                        fail("field law broken at " + a + ", " + x + ", " + y);
                    }
                }
            }
        }
    }

    @Test
    void expIsRepeatedMultiplication() {
        for (int a = 0; a < 256; a++) {
            byte power = 1;
            for (int n = 0; n < 300; n++) {
                assertEquals(power, GaloisField.exp(b(a), n), a + "^" + n);
                power = GaloisField.multiply(power, b(a));
            }
        }
    }
}
