package dcfs.fstests.mount;

/** How the filesystem under test is mounted: read-write (always, except while a test asks otherwise) or read-only. */
public enum MountMode {
    READ_WRITE,
    /** {@code -o ro}: every call that would change something fails with EROFS. */
    READ_ONLY
}
