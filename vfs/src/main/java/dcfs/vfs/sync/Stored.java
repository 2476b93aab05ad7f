package dcfs.vfs.sync;

/**
 * A superblock as one signed record holds it: the record's sequence number (which only grows, and
 * which nodes compare) with the decrypted superblock.
 */
public record Stored(long recordSeq, Superblock superblock) {
}
