package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-line summaries the commands print, and what counts as lost. */
class PassReportTest {
    @Test
    void scrubSummary() {
        PassReport r = new PassReport("scrub", 18, 16, 2, 0, 4_700_000, 800, List.of(), List.of(), 0, null);
        assertEquals("scrub: 18 stripes, 16 whole, 2 degraded, 0 lost; 4.7 MB read in 0.8 s", r.summary());
        assertFalse(r.anyLost());
        assertTrue(new PassReport("scrub", 18, 16, 1, 1, 0, 0, List.of(), List.of(), 0, null).anyLost());
    }

    @Test
    void repairSummaryAndLostMeansNotMended() {
        PassReport.RepairCounts c = new PassReport.RepairCounts(2, 3, 1, 1, 0, 0, 0, List.of());
        PassReport r = new PassReport("repair", 18, 16, 2, 0, 1_000_000, 1500, List.of(), List.of(), 0, c);
        assertEquals("repair: 18 stripes, 16 whole, 2 degraded, 0 lost before repair; 2 repaired (3 copies written, "
                + "1 shards re-sealed, 1 damaged copies and 0 misplaced copies deleted), 0 still degraded, 0 lost; "
                + "1.0 MB read in 1.5 s", r.summary());
        assertFalse(r.anyLost());
        PassReport.RepairCounts left = new PassReport.RepairCounts(0, 0, 0, 0, 0, 0, 1, List.of("x"));
        assertTrue(new PassReport("repair", 1, 0, 0, 1, 0, 0, List.of(), List.of(), 0, left).anyLost());
    }
}
