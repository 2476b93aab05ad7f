package dcfs.vfs.meta;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import dcfs.vfs.store.FileId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * INFO["format"] (u32, the metadata format version) and INFO["fs-id"] (16 random bytes naming
 * this filesystem): written when the metadata is new, checked on every open.
 */
public final class FormatInfo {
    static final String FORMAT = "format";
    static final String FS_ID = "fs-id";
    /** The keyring fingerprint of the identity that owns the filesystem (absent for keyless stores). */
    static final String OWNER = "owner";

    private FormatInfo() {
    }

    /** Stamps new metadata, or checks that existing metadata is a format this code reads. Returns the fs id. */
    public static FileId checkOrStamp(MetaStore meta) throws FsException {
        return checkOrStamp(meta, null);
    }

    /**
     * As {@link #checkOrStamp(MetaStore)}, and the key match: metadata stamped with an owner may be
     * opened only by that owner (the keyring's identity fingerprint), so a home's metadata is never
     * served under another mnemonic's keys.
     */
    public static FileId checkOrStamp(MetaStore meta, String owner) throws FsException {
        FileId id = stamp(meta);
        meta.write(t -> {
            byte[] stamped = t.get(Table.INFO, MetaKeys.info(OWNER));
            if (stamped == null) {
                if (owner != null) {
                    t.put(Table.INFO, MetaKeys.info(OWNER), owner.getBytes(StandardCharsets.UTF_8));
                }
                return null;
            }
            String was = new String(stamped, StandardCharsets.UTF_8);
            if (owner == null || !was.equals(owner)) {
                throw new FsException(Errno.EACCES, "this metadata belongs to the filesystem of identity " + was
                        + (owner == null ? ", not to a keyless store" : ", not to this keyring's identity " + owner
                        + " (another mnemonic?)"));
            }
            return null;
        });
        return id;
    }

    private static FileId stamp(MetaStore meta) throws FsException {
        return meta.write(t -> {
            byte[] f = t.get(Table.INFO, MetaKeys.info(FORMAT));
            if (f == null) {
                if (t.get(Table.INODES, MetaKeys.ino(Counters.ROOT_INO)) != null) {
                    throw new FsException(Errno.EIO, "metadata has inodes but no format stamp: damaged");
                }
                t.put(Table.INFO, MetaKeys.info(FORMAT), ByteBuffer.allocate(4).putInt(MetaStore.FORMAT_VERSION).array());
                FileId id = FileId.random();
                t.put(Table.INFO, MetaKeys.info(FS_ID), id.bytes());
                return id;
            }
            int version = ByteBuffer.wrap(f).getInt();
            if (version != MetaStore.FORMAT_VERSION) {
                throw new FsException(Errno.EINVAL, "metadata format " + version + (version > MetaStore.FORMAT_VERSION
                        ? " is newer than this dcfs reads (" : " is older than this dcfs reads (")
                        + MetaStore.FORMAT_VERSION + ")");
            }
            return FileId.of(t.get(Table.INFO, MetaKeys.info(FS_ID)), 0);
        });
    }
}
