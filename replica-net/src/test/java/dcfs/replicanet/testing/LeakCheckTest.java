package dcfs.replicanet.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak check itself: a buffer dropped without release is reported (and drained here, so this test passes). */
class LeakCheckTest {
    @Test
    void aDroppedBufferIsReported() throws Exception {
        assertTrue(ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID,
                "tests run with -Dio.netty.leakDetection.level=PARANOID");
        LeakCheck.collect();
        leak();
        List<String> found = List.of();
        for (int i = 0; i < 20 && found.isEmpty(); i++) {
            found = LeakCheck.collect();
        }
        assertFalse(found.isEmpty(), "the detector saw the leaked buffer");
        assertTrue(found.get(0).contains("LEAK"), found.get(0));
    }

    private static void leak() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeLong(1);
    }
}
