package dcfs.fstests.mount;

import java.util.Locale;
import java.util.Optional;

/**
 * Which filesystem the suite runs against, chosen with {@code -Ddcfs.fstests.target=dcfs|local|gocryptfs}.
 * {@code local} (a directory on the disk the build runs on, ext4 here) and {@code gocryptfs} (a
 * FUSE filesystem users already trust) validate the suite itself: a case that fails on them is a
 * bug in the case.
 */
public enum FsTarget {
    /** {@code dcfs mount} through the launcher, as a user runs it. */
    DCFS,
    /** A plain directory: no FUSE at all. */
    LOCAL,
    /** gocryptfs from Debian, mounted with -allow_other so other uids can reach it. */
    GOCRYPTFS;

    public static final String PROPERTY = "dcfs.fstests.target";

    /** The target named by the property, or empty when the property is unset (the default run). */
    public static Optional<FsTarget> requested() {
        String v = System.getProperty(PROPERTY, "").strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(v.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": expected dcfs, local or gocryptfs", e);
        }
    }

    public boolean needsFuse() {
        return this != LOCAL;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
