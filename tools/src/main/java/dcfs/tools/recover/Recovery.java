package dcfs.tools.recover;

import dcfs.keyring.KeyTree;
import dcfs.tools.UserError;
import dcfs.vfs.FsException;
import dcfs.vfs.Vfs;
import dcfs.vfs.VfsConfig;
import dcfs.vfs.inode.Clock;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.sync.MetadataRebuild;
import dcfs.vfs.sync.ObjectStore;
import dcfs.vfs.sync.Stored;
import dcfs.vfs.sync.Superblock;
import dcfs.vfs.sync.SuperblockSeal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code dcfs recover}, start to end, with no network: open the node stores read-only, find the
 * superblock at the mnemonic's locator (else the metadata objects by their recovery blobs), rebuild
 * the metadata into a temporary directory, and copy every file out of a read-only vfs over the
 * stores, decoding around missing or damaged shards. Progress goes to {@code progress} (stderr).
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * What a recovery did.
     *
     * @param complete whether every stripe was decoded (else exit 1)
     */
    public record Outcome(boolean complete, String summary) {
    }

    public static Outcome run(KeyTree keys, Path from, Path to, PrintStream progress) throws IOException, FsException {
        try (NodeStores stores = NodeStores.find(from)) {
            if (stores.size() == 0) {
                throw new UserError("no node store under " + from + " (looked for store/data.mdb up to "
                        + "five levels down: a dcfs cluster directory, HOME/cluster, or copies of node store/ directories)");
            }
            progress.println("recover: " + stores.size() + " node store(s) under " + from);
            Superblock sb = superblock(stores, keys, progress);
            Path work = Files.createTempDirectory("dcfs-recover-");
            try {
                return restore(stores, keys, sb, work, to, progress);
            } finally {
                deleteTree(work);
            }
        }
    }

    private static Superblock superblock(NodeStores stores, KeyTree keys, PrintStream progress) throws IOException {
        Optional<byte[]> record = stores.newestRecord(keys.superblockLocator());
        if (record.isPresent()) {
            Stored s = SuperblockSeal.open(keys, record.get());
            Superblock sb = s.superblock();
            progress.println("recover: superblock " + s.recordSeq() + " of filesystem " + sb.fsId().hex() + " ("
                    + sb.shape().describe() + "), written " + Instant.ofEpochMilli(sb.writtenAt())
                    + ", metadata at sequence " + sb.metaSeq());
            return sb;
        }
        progress.println("recover: no superblock of this mnemonic in these stores; looking for metadata objects by "
                + "their recovery blobs");
        Superblock sb = MetadataScan.scan(stores, keys).orElseThrow(() -> new UserError("nothing of this mnemonic's "
                + "filesystem in these node stores (no superblock, no metadata object): another mnemonic, or other nodes?"));
        progress.println("recover: filesystem " + sb.fsId().hex() + " (" + sb.shape().describe() + "): checkpoint "
                + (sb.checkpoint() == null ? "none" : "at " + sb.checkpoint().lastSeq()) + ", " + sb.journal().size()
                + " journal object(s), metadata at sequence " + sb.metaSeq());
        return sb;
    }

    private static Outcome restore(NodeStores stores, KeyTree keys, Superblock sb, Path work, Path to,
                                   PrintStream progress) throws IOException, FsException {
        OfflineStripeStore offline = new OfflineStripeStore(stores, keys, sb.shape());
        try (MetaStore meta = MetaStore.open(work.resolve("meta"))) {
            MetadataRebuild.Report r = MetadataRebuild.into(meta, sb, ObjectStore.of(offline));
            progress.println("recover: metadata rebuilt (" + r.objects() + " object(s), " + r.entries()
                    + " journal entries)");
            long metadataAround = offline.decodedAround.get();
            VfsConfig config = sb.shape().applyTo(VfsConfig.defaults().withCacheBytes(64L << 20))
                    .withReadOnly(true).withReadAhead(0, 1).withWriteBackDelay(Duration.ofSeconds(5));
            Vfs vfs = Vfs.open(meta, offline, config, Clock.SYSTEM, 0, 0, 0);
            TreeRestorer.Summary s;
            try {
                s = new TreeRestorer(vfs, sb.shape().stripeSize(), progress).restore(to);
            } finally {
                vfs.close();
            }
            long lost = offline.lost.get();
            long around = offline.decodedAround.get();
            for (String p : s.problems().subList(0, Math.min(20, s.problems().size()))) {
                progress.println("recover: " + p);
            }
            if (s.problems().size() > 20) {
                progress.println("recover: … and " + (s.problems().size() - 20) + " more");
            }
            String summary = String.format("recovered %,d files (%,d bytes), %,d directories, %,d symlinks, %,d hard "
                            + "links, %,d special files into %s; stripes: %,d read, %,d decoded around missing or damaged "
                            + "shards, %,d lost%s", s.files(), s.bytes(), s.directories(), s.symlinks(), s.hardLinks(),
                    s.special(), to, offline.stripesRead.get(), around, lost,
                    s.damagedFiles() > 0 ? " (" + s.damagedFiles() + " file(s) damaged)" : "");
            if (metadataAround > 0) {
                progress.println("recover: " + metadataAround + " metadata stripe(s) were decoded around missing shards");
            }
            return new Outcome(lost == 0 && s.damagedFiles() == 0, summary);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
