package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.proofs.reputation.EjectionPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress lines (at most one a second) and the audit report's verdicts. */
class ProgressMeterTest {
    @Test
    void linesCountStripesBytesAndProblemsAndComeAtMostOnceASecond() {
        List<String> lines = new ArrayList<>();
        ProgressMeter m = new ProgressMeter("scrub", 4, lines::add, () -> 1);
        m.bytes(2_500_000);
        for (int i = 0; i < 4; i++) {
            m.oneDone();
        }
        assertTrue(lines.size() <= 1, "at most one line a second: " + lines);
        String line = m.line();
        assertTrue(line.startsWith("scrub: 4/4 stripes (100%), 2.5 MB, "), line);
        assertTrue(line.endsWith(" MB/s, 1 problem(s)"), line);
        assertEquals(2_500_000, m.bytes());
        assertTrue(new ProgressMeter("repair", 0, lines::add, () -> 0).line().startsWith("repair: 0/0 stripes (100%)"));
    }

    @Test
    void anAuditFailsWhenANodeFailedOrWasLate() {
        AuditReport.NodeResult ok = new AuditReport.NodeResult("aa", 8, 8, 0, 0, false, "", 8, 0, 0, false, false);
        AuditReport.NodeResult late = new AuditReport.NodeResult("bb", 8, 7, 0, 1, false, "x", 7, 1, 1, false, false);
        assertFalse(new AuditReport(List.of(ok), 10, 1, 0).anyFailed());
        assertTrue(new AuditReport(List.of(ok, late), 10, 1, 0).anyFailed());
        assertTrue(late.withEjected(true).ejected());
        assertEquals(EjectionPolicy.DEFAULT.maxConsecutiveFailures(), 3, "docs/proofs.md and the README say 3");
    }
}
