package dcfs.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.tools.CommandRun;
import dcfs.tools.ExitCodes;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shape of {@code dcfs bench codec}'s output; the figures themselves belong to benchmarks, not tests. */
class BenchCodecCommandTest {
    /** One 1 ms run per case, no warm-up: seconds, not a measurement. */
    private static final String[] FAST = {"--runs", "1", "--run-ms", "1", "--warmup-ms", "0"};

    @Test
    void jsonHasOneObjectPerCaseWithTheDocumentedFields() throws Exception {
        String[] args = concat(new String[] {"bench", "codec", "--json"}, FAST);
        CommandRun run = CommandRun.of(args);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        JsonNode cases = new ObjectMapper().readTree(run.out());
        assertTrue(cases.isArray());
        assertEquals(3 * 2 * 2 * 2, cases.size(), "(4,2) (10,4) (17,3) × 64 KiB, 1 MiB × encode, decode × scalar, vector");
        Set<String> seen = new HashSet<>();
        for (JsonNode c : cases) {
            String op = c.get("op").asText();
            assertTrue(op.equals("encode") || op.equals("decode"), op);
            String impl = c.get("impl").asText();
            assertTrue(impl.equals("scalar") || impl.equals("vector"), impl);
            int k = c.get("k").asInt();
            int m = c.get("m").asInt();
            int shardBytes = c.get("shard_bytes").asInt();
            assertTrue(shardBytes == 65536 || shardBytes == 1048576);
            assertTrue(c.get("mb_per_s").asDouble() > 0);
            assertEquals(op.equals("decode") ? m : 0, c.get("lost_shards").asInt());
            seen.add(op + k + "+" + m + "/" + shardBytes + impl);
        }
        assertEquals(24, seen.size(), "no case twice");
        assertTrue(seen.contains("decode10+4/1048576vector"));
    }

    @Test
    void tableShowsScalarAndVectorSideBySide() {
        String[] args = concat(new String[] {"bench", "codec"}, FAST);
        CommandRun run = CommandRun.of(args);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        String[] lines = run.out().strip().split("\n");
        assertTrue(lines[0].contains("vector loop: "), lines[0]);
        assertTrue(lines[1].matches("op\\s+k\\+m\\s+shard\\s+scalar\\s+vector\\s+ratio"), lines[1]);
        assertEquals(2 + 12, lines.length, run.out());
        assertTrue(lines[2].matches("encode\\s+4\\+2\\s+64 KiB\\s+\\d+\\s+\\d+\\s+[\\d.]+x"), lines[2]);
    }

    @Test
    void anUnknownLoopIsAUsageError() {
        CommandRun run = CommandRun.of("bench", "codec", "--impl", "gpu");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals("dcfs bench codec: coding loop 'gpu' is not available here (scalar or vector)", run.errLine());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
