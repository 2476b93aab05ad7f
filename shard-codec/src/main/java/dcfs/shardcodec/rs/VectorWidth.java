package dcfs.shardcodec.rs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the vector width of {@link VectorCodingLoop}: the widest the CPU has, except where C2 has
 * no single instruction for a byte shuffle that wide. On x86 that instruction is AVX-512 VBMI's
 * {@code vpermb}; without it, C2 builds wider byte shuffles from 128-bit {@code pshufb}s, blends and
 * cross-lane permutes. Measured here with {@code -XX:UseAVX=2} (AVX2 only), RS(10,4) encoded at
 * about 6 GB/s with 128-bit vectors and 3.7 GB/s with 256-bit ones; with VBMI, 512-bit vectors ran at
 * 10.5 GB/s. {@value VectorCodingLoop#BITS_PROPERTY} overrides the choice, for measuring.
 */
final class VectorWidth {
    static final int NARROWEST_BITS = 128;
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private VectorWidth() {
    }

    /**
     * @param widestBits the preferred species' width
     * @param forced     the system property's value, or null
     * @param osArch     {@code os.arch}
     * @param cpuFlags   the CPU's feature flags, empty when they cannot be read
     */
    static int choose(int widestBits, String forced, String osArch, Optional<Set<String>> cpuFlags) {
        if (forced != null && !forced.isBlank()) {
            int bits = Integer.parseInt(forced.strip());
            if (bits < NARROWEST_BITS || bits > widestBits || Integer.bitCount(bits) != 1) {
                throw new IllegalArgumentException(VectorCodingLoop.BITS_PROPERTY + "=" + bits
                        + ": want a power of two from " + NARROWEST_BITS + " to this CPU's " + widestBits);
            }
            return bits;
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        if (x86 && widestBits > NARROWEST_BITS) {
            // No flags (not Linux): only AVX-512 machines offer 512 bits, and most of those have VBMI.
            boolean vbmi = cpuFlags.map(f -> f.contains("avx512vbmi")).orElse(widestBits >= 512);
            if (!vbmi) {
                return NARROWEST_BITS;
            }
        }
        return widestBits;
    }

    /** The flags of the first processor in /proc/cpuinfo, or empty where there is no such file. */
    static Optional<Set<String>> cpuFlags() {
        try {
            for (String line : Files.readAllLines(CPUINFO)) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    return Optional.of(Set.of(line.substring(colon + 1).strip().split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: decide without flags.
        }
        return Optional.empty();
    }
}
