package dcfs.shardcodec.rs;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Picks the coding loop at run time, once per JVM.
 *
 * <p>{@code -Ddcfs.codec.impl=scalar|vector} forces one (an unknown name, or {@code vector} where
 * the Vector API is missing, is an error rather than a silent fallback). Otherwise the vector loop
 * is chosen when the {@code jdk.incubator.vector} module is present ({@code --add-modules
 * jdk.incubator.vector}, in the launcher and every test JVM), its preferred species has at least
 * 16 byte lanes ({@value #MIN_VECTOR_BITS} bits: one nibble table per vector), and a self-test gives
 * the scalar loop's bytes; else the scalar loop. Even 128-bit vectors pay: on the development
 * machine (Xeon, AVX-512) RS(10,4) encoded at about 6 GB/s with {@code -XX:UseAVX=0} (SSE shuffles
 * only), 11 GB/s at 512 bits, against 0.75 GB/s for the scalar loop.
 *
 * <p>What the self-test cannot see is a JVM where the Vector API runs but C2 does not intrinsify
 * byte shuffles (the Java fallback is about 100 times slower than the scalar loop); on such a
 * platform force {@code -Ddcfs.codec.impl=scalar}. {@code dcfs bench codec} shows both.
 */
public final class CodingLoops {
    /** System property naming the loop to use. */
    public static final String IMPL_PROPERTY = "dcfs.codec.impl";
    static final int MIN_VECTOR_BITS = 128;

    private CodingLoops() {
    }

    /** The loop {@link ReedSolomon#create(int, int)} uses. */
    public static CodingLoop fastest() {
        return Chosen.LOOP;
    }

    /** Every loop that runs on this JVM, scalar first (for tests and benchmarks). */
    public static List<CodingLoop> available() {
        CodingLoop vector = Vector.LOOP;
        return vector == null ? List.of(ScalarCodingLoop.INSTANCE) : List.of(ScalarCodingLoop.INSTANCE, vector);
    }

    /** The loop of the given name ("scalar" or "vector"). */
    public static CodingLoop named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "scalar" -> ScalarCodingLoop.INSTANCE;
            case "vector" -> {
                if (Vector.LOOP == null) {
                    throw new IllegalStateException("the vector coding loop is not available here: " + Vector.WHY_NOT);
                }
                yield Vector.LOOP;
            }
            default -> throw new IllegalArgumentException("unknown coding loop '" + name + "' (scalar or vector)");
        };
    }

    /** Bits per vector of the vector loop (512 with AVX-512), or empty where it is not available. */
    public static java.util.OptionalInt vectorBits() {
        return Vector.LOOP == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(VectorCodingLoop.vectorBits());
    }

    /** Why the vector loop is not available, or null when it is. */
    public static String vectorUnavailableReason() {
        return Vector.WHY_NOT;
    }

    /** Holder: chosen on first use. */
    private static final class Chosen {
        static final CodingLoop LOOP = choose(System.getProperty(IMPL_PROPERTY));
    }

    /** The loop named by {@code forced} (the system property's value), or the best one when it is unset. */
    static CodingLoop choose(String forced) {
        if (forced != null && !forced.isBlank()) {
            return named(forced.strip());
        }
        return Vector.LOOP != null ? Vector.LOOP : ScalarCodingLoop.INSTANCE;
    }

    /** Holder: the vector loop if it loads, is wide enough and passes the self-test. */
    private static final class Vector {
        static final String WHY_NOT;
        static final CodingLoop LOOP;

        static {
            String why = null;
            CodingLoop loop = null;
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                why = "module jdk.incubator.vector is not loaded (run java with --add-modules jdk.incubator.vector)";
            } else {
                try {
                    int bits = VectorCodingLoop.vectorBits();
                    if (bits < MIN_VECTOR_BITS) {
                        why = "the CPU's widest vector is " + bits + " bits, below " + MIN_VECTOR_BITS;
                    } else if (!agreesWithScalar(VectorCodingLoop.INSTANCE)) {
                        why = "the self-test against the scalar loop failed";
                    } else {
                        loop = VectorCodingLoop.INSTANCE;
                    }
                } catch (LinkageError | RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    why = "the vector loop failed to load: " + cause;
                }
            }
            WHY_NOT = why;
            LOOP = loop;
        }
    }

    /**
     * Codes random data through {@code candidate} and the scalar loop and compares every byte: five
     * outputs (a full group and a lone one) from two inputs, over one whole vector and a tail, at
     * odd offsets. Small on purpose: at startup this runs in the interpreter, where every vector
     * operation is a slow Java loop, and what it can catch (tables laid out wrong for this vector
     * width) shows at any size. The property tests cover the rest.
     */
    static boolean agreesWithScalar(CodingLoop candidate) {
        Random random = new Random(0x11D);
        byte[][] rows = new byte[5][2];
        for (byte[] row : rows) {
            random.nextBytes(row);
        }
        CodingRows coding = CodingRows.of(rows);
        int length = VectorCodingLoop.vectorBits() / 8 + 5;
        byte[][] inputs = new byte[2][length + 1];
        for (byte[] in : inputs) {
            random.nextBytes(in);
        }
        byte[][] want = new byte[5][length + 3];
        byte[][] got = new byte[5][length + 3];
        ScalarCodingLoop.INSTANCE.codeSomeShards(coding, inputs, 1, want, 3, length);
        candidate.codeSomeShards(coding, inputs, 1, got, 3, length);
        return java.util.Arrays.deepEquals(want, got);
    }
}
