package dcfs.vfs.sync;

import dcfs.vfs.store.FileId;
import java.nio.charset.StandardCharsets;

/**
 * A metadata object — a checkpoint or a run of journal entries — as the bytes its stripes hold,
 * concatenated (docs/metadata.md, "Journal and checkpoint objects"):
 *
 * <pre>
 * object, version 1 (big-endian):
 *   0   8   magic "DCFSMOBJ"
 *   8   2   version (1)
 *   10  1   kind (1 checkpoint, 2 journal)
 *   11  16  filesystem id
 *   27  8   first sequence number
 *   35  8   last sequence number (a checkpoint: both are the sequence it reflects)
 *   43  …   body: a checkpoint stream (Checkpoint v1), or journal records
 *               (u64 seq | u32 length | entry) ending with a u64 0
 *   …   8   length of every byte before this field
 *   …   4   CRC32C of every byte before this field
 * </pre>
 *
 * Cut into stripes of the filesystem's stripe size (the last one shorter), stored under the
 * object's id ({@link ObjectNames}) at generation 1, every shard sealed with a {@link MetaBlob}.
 * Written by {@link MetaObjectWriter}, read by {@link MetaObjectReader}.
 */
public final class MetaObject {
    static final byte[] MAGIC = "DCFSMOBJ".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    static final int HEADER = 8 + 2 + 1 + FileId.BYTES + 8 + 8;
    static final int TRAILER = 8 + 4;

    private MetaObject() {
    }
}
