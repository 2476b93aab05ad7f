/**
 * Metadata on the network (docs/metadata.md, "Journal and checkpoint objects on the network", "Superblock", "Single-writer lease"): the journal shipped as
 * encrypted, erasure-coded objects through the same shard path as file data, checkpoints that keep
 * the chain short, the superblock — a signed record at the locator the mnemonic gives — that points
 * at them, and the single-writer lease it carries.
 *
 * <ul>
 *   <li>{@link dcfs.vfs.sync.Superblock} (its plaintext) and {@link dcfs.vfs.sync.SuperblockSeal}
 *       (encrypted under the metadata key, signed by the identity key) are the formats;
 *       {@link dcfs.vfs.sync.SuperblockStore} reads and writes them on the nodes, a write counting
 *       only once a majority of the record's holders stored it.</li>
 *   <li>{@link dcfs.vfs.sync.MetaObject} is the format of journal and checkpoint objects,
 *       {@link dcfs.vfs.sync.MetaBlob} the recovery blob that marks their shards, and
 *       {@link dcfs.vfs.sync.ObjectNames} derives their ids from the metadata key.</li>
 *   <li>{@link dcfs.vfs.sync.Shipper} ships while mounted (group commit for fsync, a timer, the
 *       lease renewal, checkpoints, deletion of what no superblock points at any more);
 *       {@link dcfs.vfs.sync.MetadataRebuild} turns a superblock back into local metadata;
 *       {@link dcfs.vfs.sync.NetworkMetadata} is the mount-time sequence.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * The shipper runs on one platform thread of its own ({@code dcfs-shipper}); callers of
 * {@link dcfs.vfs.sync.Shipper#awaitDurable} wait on its monitor and never hold a vfs lock while
 * they do (fsync has released the file's lock by then). The shipper takes the metadata writer lock
 * only to trim the local journal, never while it waits on the network.
 */
package dcfs.vfs.sync;
