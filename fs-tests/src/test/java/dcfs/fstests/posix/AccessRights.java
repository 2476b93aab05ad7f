package dcfs.fstests.posix;

import dcfs.fstests.driver.Caller;

/**
 * The classic permission check, written out so the suite can compute what to expect: the owner's
 * triad applies to the owner, the group's to members of the file's group, the rest to everyone
 * else, and the first that applies decides (a more generous "other" triad does not help the owner).
 */
enum AccessRights {
    OWNER(Caller.user(65534, 65534), 6),
    GROUP_MEMBER(Caller.user(65533, 65534), 3),
    OTHER(Caller.user(65533, 65533), 0);

    private final Caller caller;
    private final int shift;

    AccessRights(Caller caller, int shift) {
        this.caller = caller;
        this.shift = shift;
    }

    /** Who asks, relative to a file owned by 65534:65534. */
    Caller caller() {
        return caller;
    }

    /** A mode giving this class {@code bits} and every other class {@code rest}. */
    int mode(int bits, int rest) {
        int mode = 0;
        for (AccessRights r : values()) {
            mode |= (r == this ? bits : rest) << r.shift;
        }
        return mode;
    }

    /** Whether a mode lets this class read / write. */
    boolean allows(int mode, boolean read, boolean write) {
        int bits = (mode >> shift) & 7;
        return (!read || (bits & 4) != 0) && (!write || (bits & 2) != 0);
    }

    /** Whether a directory's mode lets this class add a name: write and search (execute). */
    boolean mayAddToDirectory(int mode) {
        return ((mode >> shift) & 3) == 3;
    }
}
