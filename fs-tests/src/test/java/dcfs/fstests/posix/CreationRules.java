package dcfs.fstests.posix;

import dcfs.fstests.driver.Caller;
import dcfs.fstests.driver.Syscalls;

/**
 * What every call that makes a new name must do, whatever it makes (mkdir, mkfifo, mknod, open with
 * O_CREAT, symlink): the mode masked by the umask, the caller as owner, the group of the caller or
 * of a set-group-ID directory, fresh timestamps on the new file and its directory, EEXIST for a
 * taken name, EACCES without write permission on the directory.
 */
final class CreationRules {
    /** Makes {@code name} with {@code mode}; symlink ignores the mode. */
    @FunctionalInterface
    interface Maker {
        String[] words(String name, String mode);
    }

    /** One row of pjdfstest's mode table: requested mode, umask, resulting permission bits. */
    record MaskedMode(String mode, int umask, String expected) {
    }

    static final MaskedMode[] MODE_TABLE = {
        new MaskedMode("0755", 0, "0755"),
        new MaskedMode("0151", 0, "0151"),
        new MaskedMode("0151", 0077, "0100"),
        new MaskedMode("0345", 0070, "0305"),
        new MaskedMode("0345", 0501, "0244"),
        new MaskedMode("0777", 0022, "0755"),
        new MaskedMode("0000", 0, "0000"),
    };

    private CreationRules() {
    }

    static void modeIsMaskedByUmask(Syscalls sys, Maker maker, String type) {
        for (MaskedMode row : MODE_TABLE) {
            String name = type + "-" + row.mode() + "-" + Integer.toOctalString(row.umask());
            sys.expectAs("0", Caller.ROOT.withUmask(row.umask()), maker.words(name, row.mode()));
            sys.expect(type + "," + row.expected().replaceFirst("^0+(?=.)", "0"), "lstat", name, "type,mode");
        }
    }

    /**
     * The owner is the caller's uid; the group is the caller's gid or the directory's (POSIX allows
     * either without set-group-ID).
     */
    static void ownerIsTheCaller(Syscalls sys, Maker maker) {
        sys.must("chown", ".", "65534", "65534");
        sys.expectAs("0", Caller.user(65534, 65534), maker.words("a", "0644"));
        sys.expect("65534,65534", "lstat", "a", "uid,gid");
        sys.expectAs("0", Caller.user(65534, 65533), maker.words("b", "0644"));
        sys.expect("65534,6553[34]", "lstat", "b", "uid,gid");
        sys.must("chmod", ".", "0777");
        sys.expectAs("0", Caller.user(65533, 65532), maker.words("c", "0644"));
        sys.expect("65533,6553[24]", "lstat", "c", "uid,gid");
    }

    /** In a set-group-ID directory a new file takes the directory's group (and a new directory the bit too). */
    static void setgidDirectoryPassesOnItsGroup(Syscalls sys, Maker maker, boolean isDirectory) {
        sys.must("mkdir", "sg", "0755", ":", "chown", "sg", "65534", "65533", ":", "chmod", "sg", "02777");
        sys.expect("02777", "stat", "sg", "mode");
        sys.expectAs("0", Caller.user(65532, 65532), maker.words("sg/a", "0755"));
        sys.expect("65532,65533", "lstat", "sg/a", "uid,gid");
        if (isDirectory) {
            sys.expect("02755", "stat", "sg/a", "mode");
        }
        sys.expect("0", maker.words("sg/b", "0755"));
        sys.expect("0,65533", "lstat", "sg/b", "uid,gid");
    }

    /** The new file's three times are "now", and its directory's mtime and ctime move. */
    static void timestampsOfFileAndDirectory(Syscalls sys, Maker maker) {
        sys.must("mkdir", "t", "0755");
        long before = sys.number("stat", "t", "ctime_ns");
        long dirMtime = sys.number("stat", "t", "mtime_ns");
        sys.pauseForTimestamps();
        sys.expect("0", maker.words("t/new", "0644"));
        for (String field : new String[] {"atime_ns", "mtime_ns", "ctime_ns"}) {
            long t = sys.number("lstat", "t/new", field);
            sys.check(t > before, field + " of the new file (" + t + ") should be after the time before it was made (" + before + ")");
        }
        long mtime = sys.number("stat", "t", "mtime_ns");
        long ctime = sys.number("stat", "t", "ctime_ns");
        sys.check(mtime > dirMtime, "directory mtime should move when a name is added: " + dirMtime + " -> " + mtime);
        sys.check(ctime > before, "directory ctime should move when a name is added: " + before + " -> " + ctime);
    }

    /** A name that is taken, by any type, stays as it was and the call reports EEXIST. */
    static void takenNameIsEEXIST(Syscalls sys, Maker maker) {
        for (FileType t : FileType.values()) {
            String name = "taken-" + t.statName();
            sys.must(t.createWords(name));
            String inode = sys.call("lstat", name, "inode");
            sys.expect("EEXIST", maker.words(name, "0644"));
            sys.expect(t.statName() + "," + inode, "lstat", name, "type,inode");
        }
    }

    /** Making a name needs write (and search) permission on the directory; a failure makes nothing. */
    static void needsWritePermissionOnTheDirectory(Syscalls sys, Maker maker) {
        Caller nobody = Caller.user(65534, 65534);
        sys.must("mkdir", "w", "0755", ":", "chown", "w", "65534", "65534");
        sys.expectAs("0", nobody, maker.words("w/a", "0644"));
        sys.must("chmod", "w", "0555");
        long mtime = sys.number("stat", "w", "mtime_ns");
        sys.pauseForTimestamps();
        sys.expectAs("EACCES", nobody, maker.words("w/b", "0644"));
        sys.expect("ENOENT", "lstat", "w/b", "type");
        sys.check(sys.number("stat", "w", "mtime_ns") == mtime, "a refused creation must not touch the directory's mtime");
        sys.must("chmod", "w", "0755", ":", "chown", "w", "0", "0");
        sys.expectAs("EACCES", nobody, maker.words("w/c", "0644"));
        sys.must("chmod", "w", "0777");
        sys.expectAs("0", nobody, maker.words("w/d", "0644"));
    }
}
