package dcfs.shardcodec.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CodingLoopsTest {

    /** Test JVMs run with --add-modules jdk.incubator.vector: the suite must exercise both loops. */
    @Test
    void theVectorLoopIsAvailableInTestJvms() {
        assertNull(CodingLoops.vectorUnavailableReason());
        assertEquals(2, CodingLoops.available().size());
        assertEquals("vector", CodingLoops.named("vector").name());
        assertTrue(VectorCodingLoop.vectorBits() >= CodingLoops.MIN_VECTOR_BITS);
        String forcedBits = System.getProperty(VectorCodingLoop.BITS_PROPERTY);
        if (forcedBits != null) {
            assertEquals(Integer.parseInt(forcedBits), VectorCodingLoop.vectorBits(), "the surefire run for that width");
        }
    }

    @Test
    void fastestIsTheVectorLoopUnlessForced() {
        String forced = System.getProperty(CodingLoops.IMPL_PROPERTY);
        String expected = forced == null || forced.isBlank() ? "vector" : forced;
        assertEquals(expected, CodingLoops.fastest().name());
        assertSame(CodingLoops.fastest(), ReedSolomon.create(4, 2).codingLoop());
    }

    @Test
    void theSystemPropertyForcesALoop() {
        assertEquals("vector", CodingLoops.choose(null).name());
        assertEquals("vector", CodingLoops.choose(" ").name());
        assertSame(ScalarCodingLoop.INSTANCE, CodingLoops.choose("scalar"));
        assertEquals("vector", CodingLoops.choose(" vector ").name());
        assertThrows(IllegalArgumentException.class, () -> CodingLoops.choose("fast"));
    }

    @Test
    void namesLoopsAndRefusesUnknownOnes() {
        assertSame(ScalarCodingLoop.INSTANCE, CodingLoops.named("scalar"));
        assertSame(ScalarCodingLoop.INSTANCE, CodingLoops.named("SCALAR"));
        assertEquals("unknown coding loop 'simd' (scalar or vector)",
                assertThrows(IllegalArgumentException.class, () -> CodingLoops.named("simd")).getMessage());
    }

    @Test
    void theSelfTestPassesForBothLoops() {
        for (CodingLoop loop : CodingLoops.available()) {
            assertTrue(CodingLoops.agreesWithScalar(loop), loop.name());
        }
    }
}
