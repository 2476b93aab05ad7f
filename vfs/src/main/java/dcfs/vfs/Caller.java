package dcfs.vfs;

/**
 * Who asks: effective (filesystem) uid and gid, supplementary groups, and the umask applied to
 * the mode of new files. uid 0 is root and bypasses permission checks as Linux's
 * CAP_DAC_OVERRIDE/CAP_FOWNER/CAP_CHOWN/CAP_FSETID/CAP_MKNOD would.
 */
public record Caller(int uid, int gid, Groups groups, int umask) {
    public static final Caller ROOT = new Caller(0, 0, Groups.NONE, 0);

    public Caller {
        if (groups == null) {
            groups = Groups.NONE;
        }
    }

    public static Caller of(int uid, int gid) {
        return new Caller(uid, gid, Groups.NONE, 0);
    }

    public boolean isRoot() {
        return uid == 0;
    }

    /** True if the caller's primary or a supplementary group is {@code gid}. */
    public boolean inGroup(int gid) {
        return this.gid == gid || groups.contains(gid);
    }

    public Caller withUmask(int mask) {
        return new Caller(uid, gid, groups, mask);
    }
}
