package dcfs.vfs;

import dcfs.vfs.inode.Clock;
import dcfs.vfs.meta.FormatInfo;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.store.FileId;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StripeStore;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mounted filesystem's parts, opened and closed together: the stripe store, the local
 * metadata and the {@link Vfs} over them.
 *
 * <p>This is the seam of the network stage. Today {@code open} takes whatever {@link StripeStore}
 * the caller built (the {@code DirectoryStripeStore} under the home directory) and local metadata.
 * The network stage adds, in this order and in this class: derive keys from the keyring, fetch the
 * newest superblock and check its signer (the key match), take the single-writer lease, load or
 * restore the metadata from the checkpoint and journal it points at, and ship new journal entries
 * and checkpoints while mounted ({@link MetaStore#journal}, {@link dcfs.vfs.meta.Checkpoint}).
 */
public final class MountSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MountSession.class);

    /**
     * @param metadataDir the LMDB directory (created if missing)
     * @param rootUid     owner of the root directory of a new filesystem
     * @param journalKeep journal entries kept locally (0: all); until journals are shipped to the
     *                    network, the local journal is trimmed to this many
     * @param owner       the filesystem identity fingerprint the metadata must belong to (stamped into
     *                    new metadata; null for the keyless development store)
     */
    public record Options(Path metadataDir, VfsConfig config, int rootUid, int rootGid, long journalKeep, String owner) {
        public Options(Path metadataDir, VfsConfig config, int rootUid, int rootGid, long journalKeep) {
            this(metadataDir, config, rootUid, rootGid, journalKeep, null);
        }
    }

    private final StripeStore store;
    private final MetaStore meta;
    private final Vfs vfs;
    private final FileId filesystemId;
    private boolean closed;

    private MountSession(StripeStore store, MetaStore meta, Vfs vfs, FileId filesystemId) {
        this.store = store;
        this.meta = meta;
        this.vfs = vfs;
        this.filesystemId = filesystemId;
    }

    /**
     * Opens the metadata and the vfs over {@code store}. On failure everything opened here is
     * closed again, the store included (the session owns it from this call on).
     */
    public static MountSession open(Options options, StripeStore store) throws IOException, FsException {
        MetaStore meta = null;
        try {
            meta = MetaStore.open(options.metadataDir());
            FileId fsId = FormatInfo.checkOrStamp(meta, options.owner());
            Vfs vfs = Vfs.open(meta, store, options.config(), Clock.SYSTEM, options.rootUid(), options.rootGid(),
                    options.journalKeep());
            LOG.info("filesystem {} open: metadata {}, sequence {}", fsId.hex(), options.metadataDir(), meta.lastSeq());
            return new MountSession(store, meta, vfs, fsId);
        } catch (IOException | FsException | RuntimeException e) {
            if (meta != null) {
                meta.close();
            }
            closeQuietly(store);
            throw e;
        }
    }

    public Vfs vfs() {
        return vfs;
    }

    public MetaStore metadata() {
        return meta;
    }

    public StripeStore store() {
        return store;
    }

    /** The random id stamped into this filesystem's metadata when it was created. */
    public FileId filesystemId() {
        return filesystemId;
    }

    /** Everything written so far becomes durable (the umount path calls this before unmounting). */
    public void flush() throws FsException {
        vfs.syncAll();
    }

    /** Flushes, stops the vfs, closes metadata and store. Idempotent. */
    @Override
    public synchronized void close() throws FsException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            vfs.close();
        } finally {
            meta.close();
            closeQuietly(store);
        }
    }

    private static void closeQuietly(StripeStore s) {
        try {
            s.close();
        } catch (StoreException e) {
            LOG.warn("closing store: {}", e.getMessage());
        }
    }
}
