package dcfs.vfs.upkeep;

/** A stripe's health. */
public enum Condition {
    /** Every copy of every shard where placement wants it, and good. */
    WHOLE,
    /** Something is missing, bad, unreachable or elsewhere, but at least k shards are good: readable, repairable. */
    DEGRADED,
    /** Fewer than k good shards found: not readable now (perhaps back when a node returns). */
    LOST
}
