package dcfs.vfs.upkeep;

import java.util.List;

/**
 * The result of a pass over the filesystem's stored stripes (health, scrub or repair), as the
 * commands print it and the control socket carries it (JSON).
 *
 * @param pass "health", "scrub" or "repair"
 * @param stripes stored stripes examined
 * @param whole stripes found whole
 * @param degraded stripes found degraded (readable)
 * @param lost stripes found lost (fewer than k good shards)
 * @param skipped stripes the filesystem rewrote or deleted during the pass (nothing reported or done)
 * @param bytesRead shard bytes read (scrub, repair)
 * @param millis how long the pass took
 * @param nodes per node, what its copies were found to be
 * @param problems the first stripes that were not whole, with what was wrong
 * @param problemsOmitted how many more were not whole
 * @param repair what repair did (null for other passes)
 */
public record PassReport(String pass, long stripes, long whole, long degraded, long lost, long skipped,
        long bytesRead, long millis, List<NodeTally> nodes, List<Problem> problems, long problemsOmitted,
        RepairCounts repair) {
    public PassReport {
        nodes = List.copyOf(nodes);
        problems = List.copyOf(problems);
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
