package dcfs.vfs.upkeep;

import dcfs.vfs.store.StripeKey;

/**
 * One stripe the filesystem's metadata points at and the nodes hold: stripe {@code stripe} of
 * inode {@code ino}, stored under {@code key} (file id, stripe, generation).
 */
public record StoredStripe(long ino, long stripe, StripeKey key) {
    /** "ino 12 stripe 3 (file …/3/g7)", for reports. */
    public String describe() {
        return "inode " + ino + " stripe " + stripe + " (" + key + ")";
    }
}
