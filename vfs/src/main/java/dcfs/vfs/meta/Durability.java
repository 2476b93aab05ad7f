package dcfs.vfs.meta;

import dcfs.vfs.FsException;

/**
 * How far committed metadata is safe, and how an fsync waits for it. {@link MetaStore} itself is
 * the local answer (the LMDB file is synced); a mount over the network answers with its shipper
 * ({@code dcfs.vfs.sync.Shipper}: the journal is on the nodes and the superblock points at it).
 *
 * <p>The vfs asks this, never the store directly, wherever the answer decides what may be deleted
 * (garbage stripes go only once the transaction that dropped them is durable here) or when an
 * fsync may return.
 */
public interface Durability {
    /** Returns once transaction {@code seq} and every one before it are durable. */
    void awaitDurable(long seq) throws FsException;

    /** Every transaction up to this sequence number is durable. */
    long durableSeq();
}
