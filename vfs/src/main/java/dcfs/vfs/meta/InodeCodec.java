package dcfs.vfs.meta;

import dcfs.vfs.inode.FileType;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.Time;
import dcfs.vfs.store.FileId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Value of INODES[ino], format v1 (big-endian):
 * <pre>
 * offset size field
 *      0    1 version (1)
 *      1    1 type code ({@link FileType#code()})
 *      2    4 permission bits (07777)
 *      6    4 uid
 *     10    4 gid
 *     14    4 nlink
 *     18    8 size
 *     26    8 allocated bytes
 *     34   12 atime (i64 seconds, u32 nanoseconds)
 *     46   12 mtime
 *     58   12 ctime
 *     70    8 rdev
 *     78    8 parent (directories; else 0)
 *     86   16 file id (regular files; else zero)
 *    102    n symlink target, UTF-8 (symlinks; else empty)
 * </pre>
 */
public final class InodeCodec {
    public static final int VERSION = 1;
    static final int FIXED = 102;

    private InodeCodec() {
    }

    public static byte[] encode(Inode i) {
        byte[] target = i.target() == null ? new byte[0] : i.target().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED + target.length);
        b.put((byte) VERSION).put((byte) i.type().code()).putInt(i.perm()).putInt(i.uid()).putInt(i.gid())
                .putInt(i.nlink()).putLong(i.size()).putLong(i.allocated());
        time(b, i.atime());
        time(b, i.mtime());
        time(b, i.ctime());
        b.putLong(i.rdev()).putLong(i.parent());
        if (i.fileId() == null) {
            b.putLong(0).putLong(0);
        } else {
            i.fileId().writeTo(b);
        }
        b.put(target);
        return b.array();
    }

    public static Inode decode(long ino, byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new IllegalStateException("inode " + ino + " has format version " + version + ", this dcfs reads "
                    + VERSION);
        }
        FileType type = FileType.fromCode(b.get() & 0xff);
        int perm = b.getInt();
        int uid = b.getInt();
        int gid = b.getInt();
        int nlink = b.getInt();
        long size = b.getLong();
        long allocated = b.getLong();
        Time atime = time(b);
        Time mtime = time(b);
        Time ctime = time(b);
        long rdev = b.getLong();
        long parent = b.getLong();
        long hi = b.getLong();
        long lo = b.getLong();
        FileId fileId = hi == 0 && lo == 0 ? null : new FileId(hi, lo);
        String target = null;
        if (type == FileType.SYMLINK) {
            target = new String(v, FIXED, v.length - FIXED, StandardCharsets.UTF_8);
        }
        return new Inode(ino, type, perm, uid, gid, nlink, size, allocated, atime, mtime, ctime, rdev, parent, fileId,
                target);
    }

    private static void time(ByteBuffer b, Time t) {
        b.putLong(t.sec()).putInt(t.nsec());
    }

    private static Time time(ByteBuffer b) {
        return new Time(b.getLong(), b.getInt());
    }
}
