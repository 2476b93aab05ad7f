package dcfs.shardcodec.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VectorWidthTest {
    private static final Optional<Set<String>> SAPPHIRE_RAPIDS = Optional.of(Set.of("avx2", "avx512f", "avx512bw", "avx512vbmi", "gfni"));
    private static final Optional<Set<String>> CASCADE_LAKE = Optional.of(Set.of("avx2", "avx512f", "avx512bw"));
    private static final Optional<Set<String>> HASWELL = Optional.of(Set.of("avx2", "fma"));

    @Test
    void x86UsesItsWidestVectorsOnlyWithVbmi() {
        assertEquals(512, VectorWidth.choose(512, null, "amd64", SAPPHIRE_RAPIDS));
        assertEquals(128, VectorWidth.choose(512, null, "amd64", CASCADE_LAKE));
        assertEquals(128, VectorWidth.choose(256, null, "amd64", HASWELL));
        assertEquals(128, VectorWidth.choose(128, null, "x86_64", Optional.of(Set.of("sse4_2"))));
    }

    @Test
    void withoutCpuFlagsOnlyAvx512MachinesKeepTheirWidth() {
        assertEquals(512, VectorWidth.choose(512, null, "amd64", Optional.empty()));
        assertEquals(128, VectorWidth.choose(256, null, "amd64", Optional.empty()));
    }

    @Test
    void otherArchitecturesUseTheWidest() {
        assertEquals(256, VectorWidth.choose(256, null, "aarch64", Optional.empty()));
        assertEquals(128, VectorWidth.choose(128, null, "aarch64", Optional.empty()));
    }

    @Test
    void thePropertyOverridesWithinWhatTheCpuHas() {
        assertEquals(256, VectorWidth.choose(512, "256", "amd64", CASCADE_LAKE));
        assertEquals(128, VectorWidth.choose(512, " 128 ", "amd64", SAPPHIRE_RAPIDS));
        assertThrows(IllegalArgumentException.class, () -> VectorWidth.choose(256, "512", "amd64", HASWELL));
        assertThrows(IllegalArgumentException.class, () -> VectorWidth.choose(512, "64", "amd64", HASWELL));
        assertThrows(IllegalArgumentException.class, () -> VectorWidth.choose(512, "384", "amd64", HASWELL));
    }

    @Test
    void thisMachinesFlagsAreReadOnLinux() {
        if (System.getProperty("os.name").equals("Linux")) {
            assertEquals(true, VectorWidth.cpuFlags().isPresent());
        }
    }
}
