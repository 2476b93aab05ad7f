package dcfs.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.tools.CommandRun;
import dcfs.tools.ExitCodes;
import org.junit.jupiter.api.Test;

/** The JSON contract of {@code dcfs bench crypto --json}, on the quickest cases (no timing asserted). */
class BenchCryptoCommandTest {

    @Test
    void jsonListsOneObjectPerCaseWithTheContractFields() throws Exception {
        CommandRun run = CommandRun.of("bench", "crypto", "--json", "--op", "gcm-encrypt", "--millis-per-case", "30",
                "--rounds", "1", "--warmup-millis", "0", "--no-fresh");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        String out = run.out();
        JsonNode rows = new ObjectMapper().readTree(out);
        assertEquals(5, rows.size(), out);
        for (JsonNode row : rows) {
            assertEquals("gcm-encrypt", row.get("op").asText());
            assertEquals("shared", row.get("jvm").asText());
            for (String field : new String[] {"k", "m", "shard_bytes", "segment_bytes", "mb_per_s"}) {
                assertTrue(row.get(field).isNumber(), field + " in " + row);
            }
            assertTrue(row.get("mb_per_s").asDouble() > 0, row.toString());
        }
        assertEquals(4096, rows.get(0).get("shard_bytes").asInt());
        assertEquals(1 << 20, rows.get(4).get("segment_bytes").asInt());
    }

    @Test
    void anUnknownOpIsAUserError() {
        assertEquals(ExitCodes.FAILURE, CommandRun.of("bench", "crypto", "--op", "nonsense").exitCode());
    }
}
