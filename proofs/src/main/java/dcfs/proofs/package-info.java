/**
 * Proofs and economics: Merkle audits (proof of storage), proof of capacity, the reward ledger,
 * node reputation. Depends on shard-codec.
 */
package dcfs.proofs;
