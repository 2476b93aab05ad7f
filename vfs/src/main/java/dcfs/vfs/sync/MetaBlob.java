package dcfs.vfs.sync;

import dcfs.vfs.store.FileId;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The recovery blob sealed into every shard of a metadata object's stripes (docs/shard-format.md,
 * "Recovery block"), so {@code dcfs recover} can find checkpoints and journals from shards alone
 * when no superblock survives — and knows the filesystem's shape, which no shard header holds
 * whole (the stripe size above all). File data stripes carry {@code "dcfs" 1 'D'} instead.
 *
 * <pre>
 * 67 bytes, version 1:
 *   0   4   "dcfs"
 *   4   1   blob version (1)
 *   5   1   'M' (a metadata object)
 *   6   1   kind (1 checkpoint, 2 journal)
 *   7   1   flags: bit 0 = the object's last stripe
 *   8   16  filesystem id
 *   24  8   first sequence number
 *   32  8   last sequence number
 *   40  8   record sequence of the superblock it was shipped for (newer wins among overlaps)
 *   48  19  the filesystem's shape: u8 k | u8 m | u8 R | u32 stripe size | u32 segment size
 *           | u32 key epoch | u32 inline limit
 * </pre>
 *
 * @param recordSeq the superblock record sequence the writer was about to write
 */
public record MetaBlob(ObjectKind kind, boolean last, FileId fsId, long firstSeq, long lastSeq, long recordSeq,
                       FsShape shape) {
    static final int BYTES = 67;
    static final int VERSION = 1;
    static final byte MARK = 'M';

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        b.put(new byte[] {'d', 'c', 'f', 's'}).put((byte) VERSION).put(MARK).put((byte) kind.code())
                .put((byte) (last ? 1 : 0));
        fsId.writeTo(b);
        b.putLong(firstSeq).putLong(lastSeq).putLong(recordSeq);
        b.put((byte) shape.dataShards()).put((byte) shape.parityShards()).put((byte) shape.replicas())
                .putInt(shape.stripeSize()).putInt(shape.segmentSize()).putInt(shape.keyEpoch())
                .putInt(shape.inlineMax());
        return b.array();
    }

    /** The blob of a metadata stripe; empty for anything else (file data, another format). */
    public static Optional<MetaBlob> parse(byte[] blob) {
        if (blob.length != BYTES || blob[0] != 'd' || blob[1] != 'c' || blob[2] != 'f' || blob[3] != 's'
                || blob[4] != VERSION || blob[5] != MARK) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(blob, 6, BYTES - 6);
        try {
            ObjectKind kind = ObjectKind.of(b.get() & 0xff);
            boolean last = (b.get() & 1) != 0;
            FileId fsId = new FileId(b.getLong(), b.getLong());
            long first = b.getLong();
            long lastSeq = b.getLong();
            long record = b.getLong();
            FsShape shape = new FsShape(b.get() & 0xff, b.get() & 0xff, b.get() & 0xff, b.getInt(), b.getInt(),
                    b.getInt(), b.getInt());
            return Optional.of(new MetaBlob(kind, last, fsId, first, lastSeq, record, shape));
        } catch (MetadataFormatException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
