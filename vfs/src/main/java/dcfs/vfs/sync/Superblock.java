package dcfs.vfs.sync;

import dcfs.vfs.store.FileId;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The filesystem's root pointer, as the metadata key decrypts it from the signed record
 * ({@link SuperblockSeal}): the filesystem's id and shape, where its metadata is — the newest
 * checkpoint, the journal objects after it and a short tail of journal entries inline — objects
 * retired by this very update, and the single-writer lease. docs/metadata.md, "Superblock", has the
 * byte table; in short (big-endian):
 *
 * <pre>
 * u16 version (1) | 16 filesystem id | u8 k | u8 m | u8 R | u32 stripe size | u32 segment size
 * | u32 key epoch | u32 inline limit | u64 metadata sequence | 16 writer copy | u64 written at (ms)
 * | u8 has checkpoint [| 41 checkpoint ref] | u16 j | j × 41 journal refs | u16 r | r × 41 retired refs
 * | u16 t | t × (u64 seq | u32 len | entry) | u8 has lease [| 16 mount id | u64 pid | u64 pid start
 * | u64 expires | u16 n | host | u16 n | home]
 * </pre>
 *
 * The metadata it describes is the checkpoint (or an empty store when there is none) with the
 * journal objects' entries and then the tail's replayed in order, up to {@code metaSeq}.
 *
 * @param writerCopy the local metadata copy ({@link LocalCopy}) whose mount wrote this: a mount
 *                   may use its local metadata instead of rebuilding only if it is that copy
 * @param retired    objects this update stopped pointing at; deleted once it is durable (a later
 *                   update drops them from the list, a mount after a crash deletes them again)
 * @param tail       the newest journal entries, inline so an fsync costs one record write
 * @param lease      the writer's lease; null when no writable mount holds it
 */
public record Superblock(FileId fsId, FsShape shape, long metaSeq, RandomId writerCopy, long writtenAt,
                         ObjectRef checkpoint, List<ObjectRef> journal, List<ObjectRef> retired,
                         List<EntryBytes> tail, Lease lease) {
    public static final int VERSION = 1;
    /** A ship that would list this many journal objects writes a checkpoint instead (so at most one fewer are listed). */
    public static final int MAX_JOURNAL_OBJECTS = 64;
    static final int MAX_RETIRED = 512;
    static final int MAX_TAIL_ENTRIES = 4096;

    public Superblock {
        journal = List.copyOf(journal);
        retired = List.copyOf(retired);
        tail = List.copyOf(tail);
        if (checkpoint != null && checkpoint.kind() != ObjectKind.CHECKPOINT) {
            throw new IllegalArgumentException("the checkpoint slot holds a " + checkpoint.kind());
        }
    }

    /** A new filesystem: nothing shipped yet. */
    public static Superblock fresh(FileId fsId, FsShape shape, RandomId writerCopy, long now, Lease lease) {
        return new Superblock(fsId, shape, 0, writerCopy, now, null, List.of(), List.of(), List.of(), lease);
    }

    /** The same pointers (retired ones included) under another lease. */
    public Superblock withLease(Lease l, long now) {
        return new Superblock(fsId, shape, metaSeq, writerCopy, now, checkpoint, journal, retired, tail, l);
    }

    public Superblock withWriterCopy(RandomId copy) {
        return new Superblock(fsId, shape, metaSeq, copy, writtenAt, checkpoint, journal, retired, tail, lease);
    }

    /** The same pointers with nothing retired (what follows once the retired objects are deleted). */
    public Superblock withoutRetired() {
        return new Superblock(fsId, shape, metaSeq, writerCopy, writtenAt, checkpoint, journal, List.of(), tail, lease);
    }

    /** The chain moved on: new pointers, lease and write time. */
    public Superblock advanced(long newMetaSeq, ObjectRef newCheckpoint, List<ObjectRef> newJournal,
                               List<ObjectRef> newRetired, List<EntryBytes> newTail, Lease l, long now) {
        return new Superblock(fsId, shape, newMetaSeq, writerCopy, now, newCheckpoint, newJournal, newRetired, newTail,
                l);
    }

    /** Bytes of the tail's records. */
    public long tailBytes() {
        long n = 0;
        for (EntryBytes e : tail) {
            n += e.recordSize();
        }
        return n;
    }

    /** Bytes of the journal objects after the checkpoint (what replay would read). */
    public long journalBytes() {
        long n = 0;
        for (ObjectRef r : journal) {
            n += r.length();
        }
        return n;
    }

    public byte[] encode() {
        byte[] host = lease == null ? new byte[0] : lease.host().getBytes(StandardCharsets.UTF_8);
        byte[] home = lease == null ? new byte[0] : lease.home().getBytes(StandardCharsets.UTF_8);
        int size = 2 + FileId.BYTES + 3 + 16 + 8 + RandomId.BYTES + 8 + 1 + (checkpoint == null ? 0 : ObjectRef.BYTES)
                + 2 + journal.size() * ObjectRef.BYTES + 2 + retired.size() * ObjectRef.BYTES + 2 + (int) tailBytes()
                + 1 + (lease == null ? 0 : RandomId.BYTES + 24 + 4 + host.length + home.length);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort((short) VERSION);
        fsId.writeTo(b);
        b.put((byte) shape.dataShards()).put((byte) shape.parityShards()).put((byte) shape.replicas());
        b.putInt(shape.stripeSize()).putInt(shape.segmentSize()).putInt(shape.keyEpoch()).putInt(shape.inlineMax());
        b.putLong(metaSeq);
        writerCopy.writeTo(b);
        b.putLong(writtenAt);
        b.put((byte) (checkpoint == null ? 0 : 1));
        if (checkpoint != null) {
            checkpoint.writeTo(b);
        }
        b.putShort((short) journal.size());
        journal.forEach(r -> r.writeTo(b));
        b.putShort((short) retired.size());
        retired.forEach(r -> r.writeTo(b));
        b.putShort((short) tail.size());
        tail.forEach(e -> e.writeTo(b));
        b.put((byte) (lease == null ? 0 : 1));
        if (lease != null) {
            lease.mountId().writeTo(b);
            b.putLong(lease.pid()).putLong(lease.pidStart()).putLong(lease.expiresAt());
            b.putShort((short) host.length).put(host).putShort((short) home.length).put(home);
        }
        if (b.hasRemaining()) {
            throw new IllegalStateException("superblock size miscounted by " + b.remaining());
        }
        return b.array();
    }

    public static Superblock decode(byte[] bytes) throws MetadataFormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            int version = b.getShort() & 0xffff;
            if (version != VERSION) {
                throw MetadataFormatException.version("superblock", version, VERSION);
            }
            FileId fsId = new FileId(b.getLong(), b.getLong());
            int k = b.get() & 0xff;
            int m = b.get() & 0xff;
            int r = b.get() & 0xff;
            FsShape shape;
            try {
                shape = new FsShape(k, m, r, b.getInt(), b.getInt(), b.getInt(), b.getInt());
            } catch (IllegalArgumentException e) {
                throw new MetadataFormatException("superblock holds a bad shape: " + e.getMessage());
            }
            long metaSeq = b.getLong();
            RandomId copy = RandomId.read(b);
            long writtenAt = b.getLong();
            ObjectRef checkpoint = flag(b) ? ObjectRef.read(b) : null;
            if (checkpoint != null && checkpoint.kind() != ObjectKind.CHECKPOINT) {
                throw new MetadataFormatException("superblock's checkpoint is a " + checkpoint.kind());
            }
            List<ObjectRef> journal = refs(b, MAX_JOURNAL_OBJECTS * 2);
            List<ObjectRef> retired = refs(b, MAX_RETIRED * 2);
            int t = b.getShort() & 0xffff;
            List<EntryBytes> tail = new ArrayList<>(t);
            for (int i = 0; i < t; i++) {
                tail.add(EntryBytes.read(b));
            }
            Lease lease = null;
            if (flag(b)) {
                RandomId mount = RandomId.read(b);
                long pid = b.getLong();
                long pidStart = b.getLong();
                long expires = b.getLong();
                String host = string(b);
                String home = string(b);
                lease = new Lease(mount, host, home, pid, pidStart, expires);
            }
            if (b.hasRemaining()) {
                throw new MetadataFormatException("superblock has " + b.remaining() + " bytes after its end");
            }
            return new Superblock(fsId, shape, metaSeq, copy, writtenAt, checkpoint, journal, retired, tail, lease);
        } catch (BufferUnderflowException e) {
            throw new MetadataFormatException("superblock is truncated");
        }
    }

    private static boolean flag(ByteBuffer b) throws MetadataFormatException {
        int f = b.get() & 0xff;
        if (f > 1) {
            throw new MetadataFormatException("superblock flag byte " + f + " is not 0 or 1");
        }
        return f == 1;
    }

    private static List<ObjectRef> refs(ByteBuffer b, int max) throws MetadataFormatException {
        int n = b.getShort() & 0xffff;
        if (n > max) {
            throw new MetadataFormatException("superblock lists " + n + " objects, more than " + max);
        }
        List<ObjectRef> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ObjectRef.read(b));
        }
        return out;
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[b.getShort() & 0xffff];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
