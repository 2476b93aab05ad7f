package dcfs.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.tools.ExitCodes;
import dcfs.tools.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON contract of {@code dcfs bench crypto --json}, on the quickest cases (no timing asserted). */
class BenchCryptoCommandTest {

    @Test
    void jsonListsOneObjectPerCaseWithTheContractFields() throws Exception {
        String out = capture(() -> assertEquals(ExitCodes.OK,
                Main.run("bench", "crypto", "--json", "--op", "gcm-encrypt", "--millis-per-case", "30", "--rounds", "1", "--warmup-millis", "0", "--no-fresh")));
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
        assertEquals(ExitCodes.FAILURE, Main.run("bench", "crypto", "--op", "nonsense"));
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
