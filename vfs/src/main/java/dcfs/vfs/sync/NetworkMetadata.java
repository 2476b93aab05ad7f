package dcfs.vfs.sync;

import dcfs.vfs.FsException;
import dcfs.vfs.MountRefusedException;
import dcfs.vfs.VfsConfig;
import dcfs.vfs.meta.FormatInfo;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.store.FileId;
import dcfs.vfs.store.NetworkStripeStore;
import dcfs.vfs.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mount-time sequence over the network (DESIGN.md, "Filesystem"): fetch the newest superblock
 * → key match → lease → local metadata or a rebuild from the nodes → ready to serve.
 *
 * <ul>
 *   <li>No superblock: a new filesystem of this mnemonic (another mnemonic's superblock lives at
 *       another locator, so it is never seen). Its first superblock takes the lease.</li>
 *   <li>A superblock: its lease must be free (released, expired, or held by a dead process of
 *       this home on this host), and this mount takes it. The local metadata in
 *       {@code HOME/meta} is used if it is the copy the superblock names and at least as new —
 *       then whatever a crash left unshipped goes out with the first round — else it is rebuilt
 *       from the checkpoint and journal (the old copy kept as {@code HOME/meta.previous}).</li>
 *   <li>Read-only ({@code -o ro}): no lease; a snapshot of the metadata at mount time, rebuilt
 *       into {@code HOME/run/ro/PID-…} and deleted at unmount.</li>
 * </ul>
 * Local metadata of another identity is refused (the key match FormatInfo stamps).
 */
public final class NetworkMetadata {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkMetadata.class);

    private NetworkMetadata() {
    }

    /**
     * A prepared mount: open metadata, the store in the filesystem's shape, and for a writer the
     * shipper (not started) that holds the lease.
     *
     * @param snapshotDir a read-only mount's private metadata directory, deleted at close; else null
     * @param notes       things the user should hear (options that did not apply)
     */
    public record Prepared(MetaStore meta, FsShape shape, NetworkStripeStore store, Shipper shipper, Path snapshotDir,
                           List<String> notes) {
    }

    /**
     * @param metadataDir {@code HOME/meta}
     * @param owner       this keyring's identity fingerprint
     * @param config      the mount's vfs settings (stripe size and inline limit of a new filesystem)
     */
    public static Prepared prepare(Path metadataDir, String owner, VfsConfig config, NetworkTarget target,
                                   SyncConfig sync) throws IOException, FsException {
        SuperblockStore superblocks = new SuperblockStore(target.client(), target.keys(), target.timeoutMillis());
        Optional<Stored> found = superblocks.fetch();
        FsShape wanted = FsShape.of(target.shape(), config, target.segmentSize(), 0);
        FsShape shape = found.map(s -> s.superblock().shape()).orElse(wanted);
        List<String> notes = new ArrayList<>();
        if (found.isPresent() && target.shapeGiven() && !sameCode(shape, wanted)) {
            notes.add("filesystem keeps the shape it was created with (" + shape.describe() + "); the -k/-m/-r given ("
                    + wanted.dataShards() + "+" + wanted.parityShards() + " ×" + wanted.replicas() + ") do not apply");
        }
        NetworkStripeStore store = target.store(shape);
        ObjectStore objects = ObjectStore.of(store);
        Path home = metadataDir.toAbsolutePath().getParent();
        if (config.readOnly()) {
            return readOnly(home, owner, found, superblocks, objects, store, shape, notes);
        }
        ObjectNames names = ObjectNames.of(target.keys());
        long now = System.currentTimeMillis();
        Lease mine = Lease.forThisProcess(home, now, sync.lease().toMillis());
        Stored held;
        MetaStore meta;
        if (found.isEmpty()) {
            meta = openNew(metadataDir, owner, target);
            try {
                FileId fsId = FormatInfo.checkOrStamp(meta, owner);
                LocalCopy copy = LocalCopy.read(metadataDir);
                Superblock first = Superblock.fresh(fsId, shape, copy.id(), now, mine);
                try {
                    superblocks.write(1, first);
                } catch (SuperblockWriteException e) {
                    throw new MountRefusedException("cannot create filesystem " + short8(fsId) + " on the nodes: "
                            + e.getMessage() + "; another mount may be creating it at the same time");
                }
                copy.markShipped().write(metadataDir);
                held = new Stored(1, first);
                LOG.info("new filesystem {} ({}), identity {}", fsId.hex(), shape.describe(), owner);
            } catch (IOException | FsException | RuntimeException e) {
                meta.close();
                throw e;
            }
        } else {
            Stored cur = found.get();
            Superblock sb = cur.superblock();
            checkLease(sb, home, now);
            meta = continuation(metadataDir, owner, sb);
            RandomId copyId;
            try {
                copyId = meta != null ? LocalCopy.read(metadataDir).id() : RandomId.random();
            } catch (IOException e) {
                meta.close();
                throw e;
            }
            Superblock taken = sb.withLease(mine, now).withWriterCopy(copyId);
            try {
                superblocks.write(cur.recordSeq() + 1, taken);
            } catch (SuperblockWriteException e) {
                if (meta != null) {
                    meta.close();
                }
                throw new MountRefusedException("cannot take the lease on filesystem " + short8(sb.fsId()) + ": "
                        + e.getMessage() + "; another mount may be taking it at the same time, or too few nodes are up");
            }
            held = new Stored(cur.recordSeq() + 1, taken);
            deleteRetired(objects, sb.retired(), shape.stripeSize());
            if (meta == null) {
                try {
                    meta = rebuild(metadataDir, owner, sb, objects, copyId);
                } catch (IOException | FsException | RuntimeException e) {
                    release(superblocks, held);
                    throw e;
                }
            }
            LOG.info("filesystem {} ({}): superblock {}, metadata at sequence {}, lease until {}", sb.fsId().hex(),
                    shape.describe(), held.recordSeq(), meta.lastSeq(), mine.until());
        }
        Shipper shipper = new Shipper(meta, superblocks, objects, names, sync, mine, held, System::currentTimeMillis);
        return new Prepared(meta, shape, store, shipper, null, notes);
    }

    private static boolean sameCode(FsShape a, FsShape b) {
        return a.dataShards() == b.dataShards() && a.parityShards() == b.parityShards() && a.replicas() == b.replicas();
    }

    /** Refuses the mount while another live writer holds the lease. */
    static void checkLease(Superblock sb, Path home, long now) throws MountRefusedException {
        Lease l = sb.lease();
        if (l == null || l.expiredAt(now)) {
            return;
        }
        if (l.deadHolderOn(Lease.thisHost(), home)) {
            LOG.info("taking over the lease of {}: that process is gone", l.holder());
            return;
        }
        throw new MountRefusedException("filesystem " + short8(sb.fsId()) + " is mounted read-write by " + l.holder()
                + " until " + l.until() + "; mount with -o ro, or wait for the lease to expire");
    }

    /** No superblock on these nodes: local metadata may start one only if it was never shipped elsewhere. */
    private static MetaStore openNew(Path dir, String owner, NetworkTarget target) throws IOException, FsException {
        MetaStore meta = MetaStore.open(dir);
        try {
            if (meta.lastSeq() > 0) {
                keyMatch(meta, owner, dir);
                if (LocalCopy.read(dir).shipped()) {
                    throw new MountRefusedException("the filesystem in " + dir.getParent() + " was saved on other "
                            + "nodes: these have no superblock of identity " + owner + ". Mount it with the nodes it was "
                            + "created on (--cluster/--peers), or move " + dir + " away to start a new filesystem here");
                }
                LOG.info("local metadata in {} was never shipped: it becomes the filesystem on these nodes", dir);
            }
            return meta;
        } catch (IOException | FsException | RuntimeException e) {
            meta.close();
            throw e;
        }
    }

    /**
     * The local metadata, open, if it can go on from {@code sb}: this identity's, the same
     * filesystem, the copy the superblock names, and at least as new. Null when it must be rebuilt.
     */
    private static MetaStore continuation(Path dir, String owner, Superblock sb) throws IOException, FsException {
        if (!LocalCopy.exists(dir)) {
            return null;
        }
        MetaStore meta = MetaStore.open(dir);
        try {
            if (meta.lastSeq() == 0) {
                meta.close();
                return null;
            }
            FileId fs = keyMatch(meta, owner, dir);
            LocalCopy copy = LocalCopy.read(dir);
            String why = !fs.equals(sb.fsId()) ? "it is another filesystem (" + short8(fs) + ")"
                    : !copy.id().equals(sb.writerCopy()) ? "another copy wrote the superblock since"
                    : meta.lastSeq() < sb.metaSeq() ? "it is older (sequence " + meta.lastSeq() + " < " + sb.metaSeq() + ")"
                    : null;
            if (why == null) {
                if (meta.lastSeq() > sb.metaSeq()) {
                    LOG.info("local metadata holds {} transaction(s) the nodes do not have yet: shipping them",
                            meta.lastSeq() - sb.metaSeq());
                }
                return meta;
            }
            LOG.info("local metadata in {} is not used: {}; rebuilding it from the nodes", dir, why);
            meta.close();
            return null;
        } catch (IOException | FsException | RuntimeException e) {
            meta.close();
            throw e;
        }
    }

    /**
     * The key match: local metadata stamped by another identity is refused, in one line that says
     * what to do.
     */
    private static FileId keyMatch(MetaStore meta, String owner, Path dir) throws IOException, FsException {
        try {
            return FormatInfo.checkOrStamp(meta, owner);
        } catch (FsException e) {
            if (e.errno() != dcfs.vfs.Errno.EACCES) {
                throw e;
            }
            throw new MountRefusedException(dir + ": " + e.getMessage().replaceFirst("^EACCES: ", "")
                    + "; mount it with that mnemonic's keyring, or move " + dir + " away", e);
        }
    }

    /** Rebuilds {@code dir} from the nodes beside it, then swaps it in (the old copy kept as meta.previous). */
    private static MetaStore rebuild(Path dir, String owner, Superblock sb, ObjectStore objects, RandomId copyId)
            throws IOException, FsException {
        Path fresh = dir.resolveSibling(dir.getFileName() + ".rebuild");
        deleteTree(fresh);
        MetaStore m = MetaStore.open(fresh);
        try {
            MetadataRebuild.into(m, sb, objects);
        } finally {
            m.close();
        }
        new LocalCopy(copyId, true).write(fresh);
        if (Files.exists(dir)) {
            Path previous = dir.resolveSibling(dir.getFileName() + ".previous");
            deleteTree(previous);
            Files.move(dir, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(dir.getParent());
        MetaStore meta = MetaStore.open(dir);
        try {
            FormatInfo.checkOrStamp(meta, owner);
            return meta;
        } catch (FsException | RuntimeException e) {
            meta.close();
            throw e;
        }
    }

    private static Prepared readOnly(Path home, String owner, Optional<Stored> found, SuperblockStore superblocks,
                                     ObjectStore objects, NetworkStripeStore store, FsShape shape, List<String> notes)
            throws IOException, FsException {
        Path runRo = home.resolve("run").resolve("ro");
        removeStaleSnapshots(runRo);
        byte[] r = new byte[4];
        new java.security.SecureRandom().nextBytes(r);
        Path snap = runRo.resolve(ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r));
        Path dir = snap.resolve("meta");
        for (int attempt = 0; ; attempt++) {
            MetaStore meta = MetaStore.open(dir);
            try {
                if (found.isPresent()) {
                    MetadataRebuild.into(meta, found.get().superblock(), objects);
                }
                FormatInfo.checkOrStamp(meta, owner);
                LOG.info("read-only snapshot of filesystem {} at sequence {}", found.map(s -> s.superblock().fsId().hex())
                        .orElse("(none yet: empty)"), meta.lastSeq());
                return new Prepared(meta, shape, store, null, snap, notes);
            } catch (IOException | FsException | RuntimeException e) {
                meta.close();
                deleteTree(snap);
                // The writer may have retired an object between our read of the superblock and now: read it again.
                if (attempt > 0 || found.isEmpty()) {
                    throw e;
                }
                LOG.info("read-only snapshot failed ({}); reading the superblock again", e.getMessage());
                found = superblocks.fetch();
            }
        }
    }

    /** Snapshot directories of read-only mounts whose process is gone. */
    private static void removeStaleSnapshots(Path runRo) {
        try {
            ProcessDirectories.removeOrphans(runRo);
        } catch (IOException e) {
            LOG.debug("cleaning {}: {}", runRo, e.getMessage());
        }
    }

    /** The previous superblock listed objects to delete once it counted; a crash may have left them. */
    private static void deleteRetired(ObjectStore objects, List<ObjectRef> retired, int stripeSize) {
        for (ObjectRef r : retired) {
            for (long n = 0; n < r.stripes(stripeSize); n++) {
                try {
                    objects.delete(r.stripe(n));
                } catch (StoreException e) {
                    LOG.info("retired metadata object {} stays for repair: {}", r, e.getMessage());
                }
            }
        }
    }

    /** A mount that took the lease and then failed gives it back (best effort: else it expires). */
    private static void release(SuperblockStore superblocks, Stored held) {
        try {
            superblocks.write(held.recordSeq() + 1, held.superblock().withLease(null, System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not release the lease after a failed mount; it expires on its own: {}", e.getMessage());
        }
    }

    static String short8(FileId id) {
        return id.hex().substring(0, 8) + "…";
    }

    static void deleteTree(Path dir) throws IOException {
        ProcessDirectories.deleteTree(dir);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("fsync of {}: {}", dir, e.getMessage());
        }
    }
}
