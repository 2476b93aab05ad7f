package dcfs.vfs.upkeep;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.vfs.FsException;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.store.NetworkStripeStore;
import dcfs.vfs.sync.FsShape;
import dcfs.vfs.sync.MetadataRebuild;
import dcfs.vfs.sync.ObjectStore;
import dcfs.vfs.sync.Stored;
import dcfs.vfs.sync.Superblock;
import dcfs.vfs.sync.SuperblockStore;
import dcfs.vfs.sync.ProcessDirectories;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The filesystem as the network holds it, for upkeep, without mounting it: the newest superblock
 * of this keyring's identity (a quorum read), and its metadata rebuilt from the checkpoint and
 * journal objects into a private directory ({@code HOME/run/upkeep/PID-…}, deleted at close).
 * Read-only: no lease is taken, nothing is shipped, so it runs beside a mounted writer — and sees
 * the filesystem as of that superblock.
 *
 * <p>Not thread-safe to open or close; {@link #stripes()} and {@link #store()} may be used from
 * any thread while open.
 */
public final class FilesystemSnapshot implements AutoCloseable {
    private final Stored superblock;
    private final NetworkStripeStore store;
    private final MetaStore meta;
    private final Path dir;
    private final List<StoredStripe> stripes;
    private boolean closed;

    private FilesystemSnapshot(Stored superblock, NetworkStripeStore store, MetaStore meta, Path dir) {
        this.superblock = superblock;
        this.store = store;
        this.meta = meta;
        this.dir = dir;
        List<StoredStripe> all = new ArrayList<>(StripeInventory.metadata(superblock.superblock()));
        all.addAll(StripeInventory.files(meta));
        this.stripes = List.copyOf(all);
    }

    /**
     * Reads the superblock and rebuilds the metadata it describes.
     *
     * @param home          the dcfs home ({@code run/upkeep/} is made there)
     * @param client        connected to the filesystem's nodes; owned by the caller
     * @param keys          the keyring's key tree; owned by the caller
     * @param timeoutMillis how long one stripe or record operation may take
     * @throws IOException no superblock of this identity on these nodes, too few nodes answered, or
     *                     the metadata objects cannot be read
     */
    public static FilesystemSnapshot open(Path home, ReplicaClient client, KeyTree keys, long timeoutMillis)
            throws IOException, FsException {
        SuperblockStore superblocks = new SuperblockStore(client, keys, timeoutMillis);
        Path runDir = home.resolve("run").resolve("upkeep");
        removeStale(runDir);
        for (int attempt = 0; ; attempt++) {
            Optional<Stored> found = superblocks.fetch();
            if (found.isEmpty()) {
                throw new IOException("these nodes hold no filesystem of identity " + keys.identity().fingerprint()
                        + " (no superblock): nothing to check");
            }
            Superblock sb = found.get().superblock();
            FsShape shape = sb.shape();
            NetworkStripeStore store = new NetworkStripeStore(client, keys, shape.shape(), shape.segmentSize(),
                    shape.keyEpoch(), timeoutMillis);
            byte[] r = new byte[4];
            new SecureRandom().nextBytes(r);
            Path dir = runDir.resolve(ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r));
            MetaStore meta = MetaStore.open(dir.resolve("meta"));
            try {
                MetadataRebuild.into(meta, sb, ObjectStore.of(store));
                return new FilesystemSnapshot(found.get(), store, meta, dir);
            } catch (IOException | FsException | RuntimeException e) {
                meta.close();
                store.close();
                deleteTree(dir);
                // A mounted writer may have retired an object between our read of the superblock and now.
                if (attempt > 0) {
                    throw e;
                }
            }
        }
    }

    /** The superblock the snapshot was taken from. */
    public Superblock superblock() {
        return superblock.superblock();
    }

    /** The superblock record's sequence number. */
    public long recordSeq() {
        return superblock.recordSeq();
    }

    /** The filesystem's store, in its own shape and key epoch. */
    public NetworkStripeStore store() {
        return store;
    }

    /** The rebuilt metadata (read it; writing it changes nothing on the nodes). */
    public MetaStore metadata() {
        return meta;
    }

    /** Every stripe on the nodes: the metadata objects' first, then every file's. */
    public List<StoredStripe> stripes() {
        return stripes;
    }

    /** Closes the metadata and deletes its directory; idempotent. The client and keys stay open. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            meta.close();
            store.close();
        } finally {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                // left for the next run's removeStale
            }
        }
    }

    /** Snapshot directories of runs whose process is gone. */
    private static void removeStale(Path runDir) {
        try {
            ProcessDirectories.removeOrphans(runDir);
        } catch (IOException e) {
            // a stale snapshot costs disk, nothing else
        }
    }

    static void deleteTree(Path dir) throws IOException {
        ProcessDirectories.deleteTree(dir);
    }
}
