package dcfs.shardcodec.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dcfs.shardcodec.ShardFormatException;
import java.util.Arrays;

class ShardHeaderFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void parseRejectsOrRoundTrips(byte[] input) {
        try {
            ShardHeader h = ShardHeader.parse(input);
            assertArrayEquals(Arrays.copyOf(input, h.headerLength()), h.encoded());
        } catch (ShardFormatException e) {
            assertNotNull(e.rejection());
        }
    }
}
