/**
 * The POSIX filesystem model, testable without FUSE. {@link dcfs.vfs.Vfs} is the API the FUSE
 * adapter calls one-to-one; {@link dcfs.vfs.MountSession} opens a store, the metadata and the vfs
 * together.
 *
 * <h2>Threads and locks</h2>
 * Any number of threads may call {@link dcfs.vfs.Vfs} at once. The locks, outermost first (a thread
 * only ever takes them in this order, so there is no cycle):
 * <ol>
 *   <li>{@code OpenFile.lock} (a read/write lock per open regular file) — data operations;</li>
 *   <li>the LMDB write transaction ({@code MetaStore.write}) — every metadata change, and every
 *       change of the set of open files ({@code OpenFiles} registry);</li>
 *   <li>leaf locks, never held while taking anything else and never held across I/O:
 *       {@code OpenFile} attribute monitor, {@code StripeCache.lock}, {@code HandleTable}.</li>
 * </ol>
 * Write-back and read-ahead run on the {@code dcfs-io} platform threads (never virtual threads: an
 * LMDB write transaction must end on the OS thread that began it).
 */
package dcfs.vfs;
