package dcfs.tools.recover;

import dcfs.keyring.KeyTree;
import dcfs.shardcodec.RecoveredShard;
import dcfs.shardcodec.ShardFormatException;
import dcfs.shardcodec.ShardNotAuthenticException;
import dcfs.shardcodec.StripeDecoder;
import dcfs.vfs.store.FileId;
import dcfs.vfs.sync.FsShape;
import dcfs.vfs.sync.MetaBlob;
import dcfs.vfs.sync.ObjectKind;
import dcfs.vfs.sync.ObjectRef;
import dcfs.vfs.sync.RandomId;
import dcfs.vfs.sync.Superblock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.crypto.SecretKey;

/**
 * Finds the metadata without a superblock: every shard's recovery block is opened with the
 * mnemonic's recovery key, and those whose blob marks a metadata object ({@link MetaBlob}) are
 * gathered into objects. The newest complete checkpoint is the base; journal objects chain from it,
 * each next one the one covering the next sequence number — written for the newest superblock when
 * objects overlap (a later writer's history wins over an abandoned one). The result is a superblock
 * as the writer would have written it, for {@code MetadataRebuild}.
 *
 * <p>The filesystem's shape (replicas included) travels in every metadata blob, so it is exact here too.
 */
final class MetadataScan {
    /** Enough of a shard for its whole header (at most 656 bytes, docs/shard-format.md). */
    static final int HEADER_PREFIX = 700;

    private MetadataScan() {
    }

    /** One metadata object as its shards describe it. */
    private static final class Found {
        final FileId id;
        final MetaBlob blob;
        final TreeSet<Long> stripes = new TreeSet<>();
        long lastStripe = -1;

        Found(FileId id, MetaBlob blob) {
            this.id = id;
            this.blob = blob;
        }

        boolean complete() {
            return lastStripe >= 0 && stripes.size() == lastStripe + 1;
        }

        ObjectRef ref(int stripeSize) {
            // Only the stripe count matters to a reader; a length of whole stripes gives exactly it.
            return new ObjectRef(blob.kind(), id, blob.firstSeq(), blob.lastSeq(), (lastStripe + 1) * (long) stripeSize);
        }
    }

    /** What the scan found, as a superblock; empty if no metadata object of this mnemonic is there. */
    static Optional<Superblock> scan(NodeStores stores, KeyTree keys) {
        StripeDecoder decoder = new StripeDecoder();
        SecretKey recovery = keys.recoveryKey();
        Map<FileId, Found> objects = new HashMap<>();
        stores.forEachShard(HEADER_PREFIX, (id, head) -> {
            RecoveredShard r;
            try {
                r = decoder.openRecovery(recovery, head);
            } catch (ShardFormatException | ShardNotAuthenticException e) {
                return; // another owner's, or damaged
            }
            Optional<MetaBlob> blob = MetaBlob.parse(r.recoveryBlob());
            if (blob.isEmpty()) {
                return;
            }
            FileId fid = FileId.of(r.fileId(), 0);
            Found f = objects.computeIfAbsent(fid, k -> new Found(fid, blob.get()));
            f.stripes.add(r.header().stripe());
            if (blob.get().last()) {
                f.lastStripe = r.header().stripe();
            }
        });
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        // Several filesystems of one mnemonic may have lived on these nodes: take the newest.
        FileId fs = objects.values().stream().filter(Found::complete).max(Comparator.comparingLong(f -> f.blob.recordSeq()))
                .map(f -> f.blob.fsId()).orElse(null);
        if (fs == null) {
            return Optional.empty();
        }
        Found newest = objects.values().stream().filter(f -> f.blob.fsId().equals(fs))
                .max(Comparator.comparingLong(f -> f.blob.recordSeq())).orElseThrow();
        FsShape shape = newest.blob.shape();
        int stripeSize = shape.stripeSize();
        List<Found> mine = objects.values().stream().filter(f -> f.blob.fsId().equals(fs) && f.complete()).toList();
        Found checkpoint = mine.stream().filter(f -> f.blob.kind() == ObjectKind.CHECKPOINT)
                .max(Comparator.<Found>comparingLong(f -> f.blob.lastSeq()).thenComparingLong(f -> f.blob.recordSeq()))
                .orElse(null);
        long seq = checkpoint == null ? 0 : checkpoint.blob.lastSeq();
        List<ObjectRef> journal = new ArrayList<>();
        while (true) {
            long next = seq + 1;
            Optional<Found> j = mine.stream().filter(f -> f.blob.kind() == ObjectKind.JOURNAL
                            && f.blob.firstSeq() <= next && f.blob.lastSeq() >= next)
                    .max(Comparator.<Found>comparingLong(f -> f.blob.recordSeq()).thenComparingLong(f -> f.blob.lastSeq()));
            if (j.isEmpty()) {
                break;
            }
            journal.add(j.get().ref(stripeSize));
            seq = j.get().blob.lastSeq();
        }
        return Optional.of(new Superblock(fs, shape, seq, RandomId.random(), 0,
                checkpoint == null ? null : checkpoint.ref(stripeSize), journal, List.of(), List.of(), null));
    }
}
