/**
 * Upkeep of a mounted (or opened) filesystem's stored stripes (docs/proofs.md, "In the live
 * system"; README, "Upkeep"): the inventory of what the metadata points at
 * ({@link dcfs.vfs.upkeep.StripeInventory}), the Merkle roots the writer keeps of every shard
 * ({@link dcfs.vfs.upkeep.ShardRoots}, kept current by {@link dcfs.vfs.upkeep.RootKeeper}), and the
 * passes over it: {@link dcfs.vfs.upkeep.HealthCheck} (presence of every copy, cheap),
 * {@link dcfs.vfs.upkeep.Scrubber} (read and authenticate every copy), {@link dcfs.vfs.upkeep.Repairer}
 * (rebuild what is missing or bad where placement wants it), {@link dcfs.vfs.upkeep.Auditor}
 * (storage proofs against the nodes).
 *
 * <p>Threads: each pass runs on the caller's thread plus a few workers of its own; stripes are
 * examined independently, so a pass can run beside the mounted filesystem. A stripe the
 * filesystem rewrote while a pass looked at it is skipped, never repaired.
 */
package dcfs.vfs.upkeep;
