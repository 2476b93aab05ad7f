/**
 * The replica network: storage node (netty server, LMDB store), wire protocol
 * (docs/wire-protocol.md), membership and health, placement, the client, repair. Depends on shard-codec,
 * proofs, keyring.
 */
package dcfs.replicanet;
