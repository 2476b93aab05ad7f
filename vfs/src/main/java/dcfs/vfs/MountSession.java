package dcfs.vfs;

import dcfs.vfs.inode.Clock;
import dcfs.vfs.meta.Durability;
import dcfs.vfs.meta.FormatInfo;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.sync.NetworkMetadata;
import dcfs.vfs.sync.NetworkTarget;
import dcfs.vfs.sync.Shipper;
import dcfs.vfs.sync.SyncConfig;
import dcfs.vfs.store.FileId;
import dcfs.vfs.store.StoreException;
import dcfs.vfs.store.StripeStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mounted filesystem's parts, opened and closed together: the stripe store, the local
 * metadata and the {@link Vfs} over them.
 *
 * <p>Two ways in. {@link #open(Options, StripeStore)}: a local store (the unencrypted development
 * {@code DirectoryStripeStore}) and local metadata only. {@link #open(Options, NetworkTarget,
 * SyncConfig)}: the nodes — keys from the keyring (the caller's key tree), the newest superblock
 * fetched and its signer checked (the key match), the single-writer lease taken, the metadata used
 * or rebuilt from the checkpoint and journal the superblock points at
 * ({@link dcfs.vfs.sync.NetworkMetadata}), and while mounted new journal entries and checkpoints
 * shipped ({@link Shipper}); fsync waits for them.
 */
public final class MountSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MountSession.class);

    /**
     * @param metadataDir the LMDB directory (created if missing)
     * @param rootUid     owner of the root directory of a new filesystem
     * @param journalKeep journal entries kept locally (0: all); with metadata on the network the
     *                    local journal is trimmed to this many once shipped
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
    /** Network mounts that may write: ships the metadata, holds the lease. Null otherwise. */
    private final Shipper shipper;
    /** A read-only network mount's private metadata snapshot, deleted at close. Null otherwise. */
    private final Path snapshotDir;
    private final List<String> notes;
    private boolean closed;

    private MountSession(StripeStore store, MetaStore meta, Vfs vfs, FileId filesystemId, Shipper shipper,
                         Path snapshotDir, List<String> notes) {
        this.store = store;
        this.meta = meta;
        this.vfs = vfs;
        this.filesystemId = filesystemId;
        this.shipper = shipper;
        this.snapshotDir = snapshotDir;
        this.notes = List.copyOf(notes);
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
            return new MountSession(store, meta, vfs, fsId, null, null, List.of());
        } catch (IOException | FsException | RuntimeException e) {
            if (meta != null) {
                meta.close();
            }
            closeQuietly(store);
            throw e;
        }
    }

    /**
     * Opens the filesystem of {@code target}'s keys on its nodes: superblock, key match, lease (not
     * for read-only mounts), metadata from {@code HOME/meta} or rebuilt from the nodes, then the vfs
     * with fsync waiting for the shipped journal. The filesystem's shape comes from its superblock;
     * {@code options.config()}'s stripe size and inline limit apply to a new filesystem only.
     *
     * @throws MountRefusedException the lease is held by another live writer, the local metadata is
     *                               another identity's, or the nodes are not this filesystem's
     */
    public static MountSession open(Options options, NetworkTarget target, SyncConfig sync)
            throws IOException, FsException {
        NetworkMetadata.Prepared p = NetworkMetadata.prepare(options.metadataDir(), options.owner(), options.config(),
                target, sync);
        Vfs vfs = null;
        try {
            FileId fsId = FormatInfo.checkOrStamp(p.meta(), options.owner());
            VfsConfig config = p.shape().applyTo(options.config());
            Durability durability = p.shipper() != null ? p.shipper() : p.meta();
            vfs = Vfs.open(p.meta(), durability, p.store(), config, Clock.SYSTEM, options.rootUid(), options.rootGid(), 0);
            if (p.shipper() != null) {
                p.shipper().start();
            }
            if (p.store() instanceof dcfs.vfs.store.NetworkStripeStore network) {
                network.warmUpInBackground(config.stripeSize());
            }
            p.notes().forEach(n -> LOG.warn("{}", n));
            LOG.info("filesystem {} open{}: {}, metadata at sequence {}", fsId.hex(), config.readOnly() ? " read-only" : "",
                    p.shape().describe(), p.meta().lastSeq());
            return new MountSession(p.store(), p.meta(), vfs, fsId, p.shipper(), p.snapshotDir(), p.notes());
        } catch (FsException | RuntimeException e) {
            if (vfs != null) {
                vfs.abandon();
            }
            if (p.shipper() != null) {
                try {
                    p.shipper().close();
                } catch (FsException ignored) {
                    // the lease expires on its own
                }
            }
            p.meta().close();
            closeQuietly(p.store());
            deleteSnapshot(p.snapshotDir());
            throw e;
        }
    }

    /** What the user should hear about this mount (options that did not apply), one line each. */
    public List<String> notes() {
        return notes;
    }

    /** The metadata shipper of a writable network mount; empty otherwise. */
    public Optional<Shipper> shipper() {
        return Optional.ofNullable(shipper);
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
            try {
                if (shipper != null) {
                    shipper.close(); // the last of the journal, and the lease released
                }
            } finally {
                meta.close();
                closeQuietly(store);
                deleteSnapshot(snapshotDir);
            }
        }
    }

    /**
     * Stops as a killed process would: nothing more is written or shipped, the lease is not released
     * (tests of crash recovery). Closes the local files so a new session can open them.
     */
    public synchronized void abandon() {
        if (closed) {
            return;
        }
        closed = true;
        vfs.abandon();
        if (shipper != null) {
            shipper.abandon();
        }
        meta.close();
        closeQuietly(store);
        deleteSnapshot(snapshotDir);
    }

    private static void deleteSnapshot(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("removing the read-only snapshot {}: {}", dir, e.getMessage());
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
