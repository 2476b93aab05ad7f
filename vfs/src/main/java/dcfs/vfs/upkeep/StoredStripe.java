package dcfs.vfs.upkeep;

import dcfs.vfs.store.StripeKey;

/**
 * One stripe the filesystem's metadata points at and the nodes hold: stripe {@code stripe} of
 * inode {@code ino} stored under {@code key} (file id, stripe, generation), or — with
 * {@code ino == }{@link #METADATA} — stripe {@code stripe} of a metadata object (checkpoint or
 * journal) the superblock lists.
 */
public record StoredStripe(long ino, long stripe, StripeKey key) {
    /** The "inode" of metadata object stripes (real inode numbers start at 1). */
    public static final long METADATA = 0;

    public boolean isMetadata() {
        return ino == METADATA;
    }

    /** "inode 12 stripe 3 (…)" or "metadata object stripe 0 (…)", for reports. */
    public String describe() {
        return (isMetadata() ? "metadata object" : "inode " + ino) + " stripe " + stripe + " (" + key + ")";
    }
}
