/**
 * A node's LMDB store. Thread rules: one writer thread owns every write transaction (group commit);
 * readers run on any thread (MDB_NOTLS) in short read transactions that copy out and close; the map
 * grows only under the exclusive side of {@code ShardStore.mapLock}, when no transaction is open.
 */
package dcfs.replicanet.store;
