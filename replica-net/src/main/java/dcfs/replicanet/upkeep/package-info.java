/**
 * A node's part in the network's economy (docs/proofs.md, "In the live system"): it answers storage
 * audits and capacity challenges ({@link dcfs.replicanet.upkeep.NodeUpkeep}), challenges its peers'
 * capacity ({@link dcfs.replicanet.upkeep.CapacityVerifier}), and records the rewards of the nodes
 * it is the recorder of in its own signed, hash-chained ledger
 * ({@link dcfs.replicanet.upkeep.RewardRecorder}, {@link dcfs.replicanet.upkeep.NodeLedger}).
 *
 * <p>Threads: proofs (a Merkle tree over a shard, a SHA-256 chain) run on one "dcfs-proofs" worker
 * with a bounded queue, never on an event loop; capacity rounds, period closes and ledger appends
 * (each an fsync) run on one "dcfs-upkeep" thread. State shared with event loops is guarded by the
 * object that owns it.
 */
package dcfs.replicanet.upkeep;
