package dcfs.shardcodec.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dcfs.shardcodec.ShardFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link ShardHeader#parse}: any bytes either parse into a header that re-encodes to
 * exactly those bytes and describes a layout within the format's limits, or are refused with a
 * {@link ShardFormatException} — never an unchecked exception, never a large allocation.
 *
 * <p>In the default build (regression mode) Jazzer replays the seeds under
 * {@code src/test/resources/dcfs/shardcodec/v1/ShardHeaderFuzzTestInputs/} (real shards of several
 * shapes, written by {@link dcfs.shardcodec.FuzzCorpus}) in well under a second. To fuzz for real:
 * {@code JAZZER_FUZZ=1 mvn -o -pl shard-codec -am verify -Dtest=ShardHeaderFuzzTest#parse...}
 * (one method per run); {@code maxDuration} bounds it, and any crash lands in that directory as a
 * new regression input.
 */
// A backstop: replaying seeds takes well under a second, fuzzing stops at maxDuration.
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShardHeaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parseRejectsOrRoundTrips(byte[] input) {
        ShardHeader fromArray = null;
        ShardFormatException arrayFailure = null;
        try {
            fromArray = ShardHeader.parse(input);
        } catch (ShardFormatException e) {
            arrayFailure = e;
        }

        // The same bytes in a direct buffer at an offset must give the same answer.
        ByteBuffer direct = ByteBuffer.allocateDirect(input.length + 1);
        direct.put((byte) 0x5a).put(input).position(1);
        try {
            ShardHeader fromBuffer = ShardHeader.parse(direct);
            assertEquals(fromArray, fromBuffer);
            assertEquals(1 + fromBuffer.headerLength(), direct.position());
        } catch (ShardFormatException e) {
            assertNotNull(arrayFailure, "array parse accepted what buffer parse refused: " + e.getMessage());
            assertEquals(arrayFailure.getClass(), e.getClass());
            assertEquals(1, direct.position());
        }

        if (fromArray == null) {
            assertNotNull(arrayFailure.rejection());
            assertNotNull(arrayFailure.getMessage());
            return;
        }
        ShardHeader h = fromArray;
        assertArrayEquals(Arrays.copyOf(input, h.headerLength()), h.encoded());
        ShardLayout layout = h.layout();
        assertTrue(layout.encryptedLength() <= ShardHeader.MAX_HEADER_LENGTH + ShardHeader.MAX_SHARD_LENGTH
                + (ShardHeader.MAX_SHARD_LENGTH / ShardHeader.MIN_SEGMENT_SIZE) * ShardHeader.TAG_LENGTH);
        assertTrue(h.index() < h.k() + h.m());
        assertEquals(ShardHeader.shardLengthFor(h.stripeLength(), h.k()), h.shardLength());
    }
}
