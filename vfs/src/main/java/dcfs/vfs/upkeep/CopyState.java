package dcfs.vfs.upkeep;

/** What one copy of one shard was found to be, where placement wants it. */
public enum CopyState {
    /** There (a presence check) or there and authentic (a scrub). */
    OK,
    /** The node answered that it does not hold it. */
    MISSING,
    /** Held, but fails authentication (scrub) or has the wrong length (presence check). */
    DAMAGED,
    /** The node did not answer (down, refused, timed out): unknown, left for later. */
    UNREACHABLE,
    /** Placement has no node for this copy (too few nodes or groups): the stripe is under-replicated. */
    UNPLACED
}
