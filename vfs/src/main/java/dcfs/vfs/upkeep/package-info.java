/**
 * Upkeep of a filesystem's stored stripes, for {@code dcfs scrub}, {@code dcfs repair} and
 * {@code dcfs audit} (docs/proofs.md, "In the live system"; README, "Upkeep"):
 *
 * <ul>
 *   <li>{@link dcfs.vfs.upkeep.FilesystemSnapshot}: the filesystem as the network holds it (the
 *       superblock, the metadata rebuilt from it, read-only, no lease) and
 *       {@link dcfs.vfs.upkeep.StripeInventory}, every stripe it stores on the nodes;</li>
 *   <li>{@link dcfs.vfs.upkeep.StripePass}: a pass over those stripes — presence of every copy,
 *       scrub (read and authenticate every copy, learning Merkle roots into
 *       {@link dcfs.vfs.upkeep.ShardRoots}), or repair (rebuild what is missing or bad where
 *       placement wants it);</li>
 *   <li>{@link dcfs.vfs.upkeep.Auditor}: storage proofs against the nodes, checked against those
 *       roots, kept in the {@link dcfs.vfs.upkeep.ReputationFile}; {@link dcfs.vfs.upkeep.Ejector}
 *       revokes a node the ejection policy gives up on.</li>
 * </ul>
 *
 * <p>Threads: a pass runs on the caller's thread plus a few workers of its own, one stripe per
 * worker at a time; the auditor sends every challenge at once and waits on the caller's thread.
 * Both work from a snapshot: a stripe a mounted writer rewrites or deletes during a pass may have
 * its copies rewritten by a repair — garbage on the nodes, never a loss.
 */
package dcfs.vfs.upkeep;
