package dcfs.vfs.sync;

import dcfs.vfs.FsException;
import dcfs.vfs.meta.Checkpoint;
import dcfs.vfs.meta.MetaStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local metadata from the nodes: into an empty {@link MetaStore}, the superblock's checkpoint, then
 * every entry of its journal objects and its inline tail, in order, each exactly once. The result
 * equals, table for table, the metadata of the mount that wrote the superblock at its
 * {@link Superblock#metaSeq()} (the same checkpoint + replay {@code MetaStoreTest} proves exact).
 */
public final class MetadataRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataRebuild.class);

    private MetadataRebuild() {
    }

    /** What a rebuild read. */
    public record Report(long seq, long objects, long bytes, long entries) {
    }

    /**
     * Fills {@code meta} (empty) with what {@code sb} describes, reading objects from
     * {@code objects}; returns once the result is synced.
     */
    public static Report into(MetaStore meta, Superblock sb, ObjectStore objects) throws IOException, FsException {
        int stripeSize = sb.shape().stripeSize();
        long seq = 0;
        long count = 0;
        long bytes = 0;
        long entries = 0;
        if (sb.checkpoint() != null) {
            ObjectRef cp = sb.checkpoint();
            MetaObjectReader r = MetaObjectReader.open(objects, cp, stripeSize, sb.fsId());
            seq = Checkpoint.restore(meta, r.body());
            r.finish();
            if (seq != cp.lastSeq()) {
                throw new MetadataFormatException("checkpoint " + cp + " reflects sequence " + seq);
            }
            count++;
            bytes += cp.length();
        }
        for (ObjectRef j : sb.journal()) {
            if (j.firstSeq() > seq + 1) {
                throw new MetadataFormatException("the journal has a gap: " + (seq + 1) + ".." + (j.firstSeq() - 1)
                        + " is in no object");
            }
            MetaObjectReader r = MetaObjectReader.open(objects, j, stripeSize, sb.fsId());
            EntryBytes e;
            while ((e = r.nextEntry()) != null) {
                seq = apply(meta, seq, e);
                entries++;
            }
            r.finish();
            if (seq < j.lastSeq()) {
                throw new MetadataFormatException("journal object " + j + " ends at " + seq);
            }
            count++;
            bytes += j.length();
        }
        for (EntryBytes e : sb.tail()) {
            seq = apply(meta, seq, e);
            entries++;
        }
        if (seq != sb.metaSeq()) {
            throw new MetadataFormatException("the superblock's metadata reaches sequence " + seq + ", it says "
                    + sb.metaSeq());
        }
        meta.sync();
        LOG.info("metadata rebuilt from the nodes: sequence {}, {} object(s), {} bytes, {} journal entries", seq, count,
                bytes, entries);
        return new Report(seq, count, bytes, entries);
    }

    /** Replays {@code e} if it is the next one; skips one the checkpoint already holds. */
    private static long apply(MetaStore meta, long seq, EntryBytes e) throws IOException, FsException {
        if (e.seq() <= seq) {
            return seq;
        }
        if (e.seq() != seq + 1) {
            throw new MetadataFormatException("journal entry " + e.seq() + " follows " + seq + ": entries are missing");
        }
        meta.replay(e.decode());
        return e.seq();
    }
}
