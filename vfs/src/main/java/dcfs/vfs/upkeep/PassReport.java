package dcfs.vfs.upkeep;

import java.util.List;

/**
 * The result of a pass over the filesystem's stored stripes, as {@code dcfs scrub} and
 * {@code dcfs repair} print it (a summary line, or JSON).
 *
 * @param pass "presence", "scrub" or "repair"
 * @param stripes stored stripes examined
 * @param whole stripes found whole
 * @param degraded stripes found degraded (readable)
 * @param lost stripes found lost (fewer than k good shards)
 * @param bytesRead shard bytes read (scrub, repair)
 * @param millis how long the pass took
 * @param nodes per node, what its copies were found to be
 * @param problems the first stripes that were not whole, with what was wrong
 * @param problemsOmitted how many more were not whole
 * @param repair what repair did (null for other passes)
 */
public record PassReport(String pass, long stripes, long whole, long degraded, long lost,
        long bytesRead, long millis, List<NodeTally> nodes, List<Problem> problems, long problemsOmitted,
        RepairCounts repair) {
    public PassReport {
        nodes = List.copyOf(nodes);
        problems = List.copyOf(problems);
    }

    /** Whether some stripe is lost (fewer than k good shards): after a repair, one it could not mend. */
    public boolean anyLost() {
        return repair != null ? repair.stillLost() > 0 : lost > 0;
    }

    /**
     * One line: "scrub: 18 stripes, 16 whole, 2 degraded, 0 lost; 4.7 MB read in 0.8 s", and for a
     * repair what it did and what is left.
     */
    public String summary() {
        String head = String.format(java.util.Locale.ROOT, "%s: %d stripes, %d whole, %d degraded, %d lost", pass,
                stripes, whole, degraded, lost);
        String tail = String.format(java.util.Locale.ROOT, "%.1f MB read in %.1f s", bytesRead / 1e6, millis / 1e3);
        if (repair == null) {
            return head + "; " + tail;
        }
        return head + " before repair; " + repair.stripesRepaired() + " repaired (" + repair.copiesWritten()
                + " copies written, " + repair.shardsResealed() + " shards re-sealed, " + repair.damagedDeleted()
                + " damaged copies and " + repair.extrasDeleted() + " misplaced copies deleted), "
                + repair.stillDegraded() + " still degraded, " + repair.stillLost() + " lost; " + tail;
    }

    /**
     * One node's copies, as found (before any repair).
     *
     * @param node the node's id (64 hex)
     */
    public record NodeTally(String node, long ok, long missing, long damaged, long unreachable) {
    }

    /** A stripe that was not whole, and why, one line per copy. */
    public record Problem(long ino, long stripe, String key, Condition condition, List<String> copies) {
        public Problem {
            copies = List.copyOf(copies);
        }
    }

    /**
     * What a repair did.
     *
     * @param stripesRepaired stripes that needed work and got all of it
     * @param copiesWritten copies written where placement wants them
     * @param damagedDeleted damaged copies deleted (with the deletion token) before rewriting
     * @param shardsResealed shards re-sealed from the decoded stripe (no authentic copy left)
     * @param extrasDeleted copies deleted from where placement no longer wants them
     * @param stillDegraded stripes left degraded (unreachable or unplaceable copies, failed writes)
     * @param stillLost stripes that could not be repaired (fewer than k good shards)
     * @param failures the first reasons, one per stripe
     */
    public record RepairCounts(long stripesRepaired, long copiesWritten, long damagedDeleted, long shardsResealed,
            long extrasDeleted, long stillDegraded, long stillLost, List<String> failures) {
        public RepairCounts {
            failures = List.copyOf(failures);
        }
    }
}
