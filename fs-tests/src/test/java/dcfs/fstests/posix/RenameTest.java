package dcfs.fstests.posix;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** rename(2): pjdfstest tests/rename. */
class RenameTest extends PosixTest {
    static final PathProbe OLD_PATH = PathProbe.onRegularFile("rename, old path", p -> List.of("rename", p, "renamed"), false);
    static final PathProbe NEW_PATH = PathProbe.creating("rename, new path", p -> List.of("rename", "source", p), false)
            .withSource("source");

    @ParameterizedTest
    @EnumSource(value = FileType.class, names = {"REGULAR", "FIFO", "BLOCK", "CHAR", "SOCKET"})
    void keepsInodeModeAndLinks(FileType type) {
        create(type, N0, "0644");
        String kind = type.statName();
        sys.expect(kind + ",0644,1", "lstat", N0, "type,mode,nlink");
        String inode = sys.call("lstat", N0, "inode");
        sys.expect("0", "rename", N0, N1);
        sys.expect("ENOENT", "lstat", N0, "type");
        sys.expect(kind + "," + inode + ",0644,1", "lstat", N1, "type,inode,mode,nlink");
        sys.expect("0", "link", N1, N0);
        sys.expect("0", "rename", N1, N2);
        sys.expect(kind + "," + inode + ",0644,2", "lstat", N0, "type,inode,mode,nlink");
        sys.expect("ENOENT", "lstat", N1, "type");
        sys.expect(kind + "," + inode + ",0644,2", "lstat", N2, "type,inode,mode,nlink");
    }

    @Test
    void movesADirectoryWithItsContentsAndDotDot() {
        sys.must("mkdir", "a", "0755", ":", "mkdir", "b", "0755", ":", "mkdir", "a/d", "0750",
                ":", "create", "a/d/f", "0644");
        String inode = sys.call("stat", "a/d", "inode");
        sys.expect("3", "stat", "a", "nlink");
        sys.expect("0", "rename", "a/d", "b/e");
        sys.expect("ENOENT", "lstat", "a/d", "type");
        sys.expect("dir," + inode + ",0750", "lstat", "b/e", "type,inode,mode");
        sys.expect("regular", "lstat", "b/e/f", "type");
        sys.expect(sys.call("stat", "b", "inode"), "stat", "b/e/..", "inode");
        sys.expect("2", "stat", "a", "nlink");
        sys.expect("3", "stat", "b", "nlink");
    }

    @Test
    void renamesASymlinkNotItsTarget() {
        sys.must("create", N0, "0644", ":", "symlink", N0, N1);
        String target = sys.call("lstat", N0, "inode");
        String link = sys.call("lstat", N1, "inode");
        sys.expect("0", "rename", N1, N2);
        sys.expect("regular," + target, "stat", N2, "type,inode");
        sys.expect("symlink," + link, "lstat", N2, "type,inode");
        sys.expect(N0, "readlink", N2);
        sys.expect("regular," + target, "lstat", N0, "type,inode");
    }

    /** The new name atomically points at the moved file; the replaced file loses one link. */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void replacesAnExistingNonDirectory(FileType replaced) {
        sys.must("open", N0, "O_CREAT,O_WRONLY", "0644", ":", "write", "0", "new");
        create(replaced, N1);
        sys.must("link", N1, N2);
        String inode = sys.call("lstat", N0, "inode");
        String replacedInode = sys.call("lstat", N1, "inode");
        sys.expect("0", "rename", N0, N1);
        sys.expect("ENOENT", "lstat", N0, "type");
        sys.expect("regular," + inode + ",1", "lstat", N1, "type,inode,nlink");
        sys.expect("new", "open", N1, "O_RDONLY", ":", "read", "0", "10");
        sys.expect(replaced.statName() + "," + replacedInode + ",1", "lstat", N2, "type,inode,nlink");
    }

    @Test
    void replacesAnEmptyDirectory() {
        sys.must("mkdir", N0, "0755", ":", "mkdir", N1, "0700");
        String inode = sys.call("stat", N0, "inode");
        sys.expect("4", "stat", ".", "nlink");
        sys.expect("0", "rename", N0, N1);
        sys.expect("dir," + inode + ",0755", "lstat", N1, "type,inode,mode");
        sys.expect("3", "stat", ".", "nlink");
    }

    @Test
    void aNonEmptyDirectoryCannotBeReplaced() {
        sys.must("mkdir", N0, "0755", ":", "mkdir", N1, "0755", ":", "create", N1 + "/f", "0644");
        sys.expect("ENOTEMPTY|EEXIST", "rename", N0, N1);
        sys.expect("regular", "lstat", N1 + "/f", "type");
        sys.expect("dir", "lstat", N0, "type");
    }

    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void directoryAndNonDirectoryDoNotReplaceEachOther(FileType other) {
        sys.must("mkdir", N0, "0755");
        create(other, N1);
        sys.expect("ENOTDIR", "rename", N0, N1);
        sys.expect("EISDIR", "rename", N1, N0);
        sys.expect("dir", "lstat", N0, "type");
        sys.expect(other.statName(), "lstat", N1, "type");
    }

    @Test
    void aDirectoryCannotMoveIntoItself() {
        sys.must("mkdir", N0, "0755", ":", "mkdir", N0 + "/" + N1, "0755");
        sys.expect("EINVAL", "rename", N0, N0 + "/" + N1 + "/" + N2);
        sys.expect("EINVAL", "rename", N0, N0 + "/" + N2);
        sys.expect("EINVAL|EBUSY", "rename", ".", N2);
        sys.expect("EINVAL|EBUSY|ENOTEMPTY|EEXIST", "rename", N0 + "/" + N1, N0 + "/" + N1 + "/..");
        sys.expect("dir", "lstat", N0 + "/" + N1, "type");
    }

    /** Two names of one file: rename does nothing and succeeds (POSIX). */
    @Test
    void renamingOntoAnotherNameOfTheSameFileDoesNothing() {
        sys.must("create", N0, "0644", ":", "link", N0, N1);
        sys.expect("0", "rename", N0, N1);
        sys.expect("2", "lstat", N0, "nlink");
        sys.expect("2", "lstat", N1, "nlink");
        sys.expect("0", "rename", N0, N0);
        sys.expect("regular", "lstat", N0, "type");
    }

    @Test
    void missingSourceIsENOENT() {
        sys.must("create", N1, "0644");
        sys.expect("ENOENT", "rename", N0, N1);
        sys.expect("regular", "lstat", N1, "type");
    }

    @ParameterizedTest
    @EnumSource(FileType.class)
    void updatesCtimeOfTheFileAndTimesOfBothDirectories(FileType type) {
        sys.must("mkdir", "a", "0755", ":", "mkdir", "b", "0755");
        create(type, "a/" + N0);
        long ctime = lstat("a/" + N0, "ctime_ns");
        long aMtime = stat("a", "mtime_ns");
        long aCtime = stat("a", "ctime_ns");
        long bMtime = stat("b", "mtime_ns");
        long bCtime = stat("b", "ctime_ns");
        pause();
        sys.expect("0", "rename", "a/" + N0, "b/" + N1);
        assertIncreased(ctime, lstat("b/" + N1, "ctime_ns"), "ctime of the renamed " + type.statName());
        assertIncreased(aMtime, stat("a", "mtime_ns"), "mtime of the old directory");
        assertIncreased(aCtime, stat("a", "ctime_ns"), "ctime of the old directory");
        assertIncreased(bMtime, stat("b", "mtime_ns"), "mtime of the new directory");
        assertIncreased(bCtime, stat("b", "ctime_ns"), "ctime of the new directory");
    }

    @ParameterizedTest
    @EnumSource(FileType.class)
    void failureChangesNothing(FileType type) {
        create(type, N0);
        long ctime = lstat(N0, "ctime_ns");
        long dirMtime = stat(".", "mtime_ns");
        pause();
        sys.expectAs("EACCES", NOBODY, "rename", N0, N1);
        assertUnchanged(ctime, lstat(N0, "ctime_ns"), "ctime after a refused rename");
        assertUnchanged(dirMtime, stat(".", "mtime_ns"), "directory mtime after a refused rename");
        sys.expect("ENOENT", "lstat", N1, "type");
    }

    @Test
    void needsWritePermissionOnBothDirectories() {
        sys.must("mkdir", "a", "0755", ":", "mkdir", "b", "0755", ":", "chown", "a", "65534", "65534",
                ":", "chown", "b", "65534", "65534", ":", "create", "a/f", "0644");
        sys.expectAs("0", NOBODY, "rename", "a/f", "b/f");
        sys.must("chmod", "a", "0555");
        sys.expectAs("EACCES", NOBODY, "rename", "b/f", "a/f");
        sys.must("chmod", "a", "0755", ":", "chmod", "b", "0555");
        sys.expectAs("EACCES", NOBODY, "rename", "b/f", "a/f");
        sys.expect("regular", "lstat", "b/f", "type");
    }

    /** Moving a directory to another parent rewrites its "..": that needs write permission on it. */
    @Test
    void movingADirectoryAcrossParentsNeedsWritePermissionOnIt() {
        sys.must("mkdir", "a", "0777", ":", "mkdir", "b", "0777", ":", "mkdir", "a/sub", "0755");
        sys.expectAs("EACCES", NOBODY, "rename", "a/sub", "b/sub");
        sys.expect("dir", "lstat", "a/sub", "type");
        sys.expectAs("0", NOBODY, "rename", "a/sub", "a/renamed");
        sys.must("chmod", "a/renamed", "0777");
        sys.expectAs("0", NOBODY, "rename", "a/renamed", "b/sub");
        sys.expect("dir", "lstat", "b/sub", "type");
    }

    /**
     * In a sticky directory only the owner of a file, the owner of the directory or root may move
     * the file away (pjdfstest rename/09).
     */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void stickySourceDirectory(FileType type) {
        sys.must("mkdir", "s", "0755", ":", "chmod", "s", "01777", ":", "mkdir", "t", "0777");
        // nobody owns the file
        createOwned(type, "s/" + N0, 65534, 65534);
        sys.expectAs("0", NOBODY, "rename", "s/" + N0, "t/" + N0);
        sys.expectAs("0", NOBODY, "rename", "t/" + N0, "s/" + N0);
        sys.must("unlink", "s/" + N0);
        // someone else owns the file, root owns the directory
        createOwned(type, "s/" + N0, 65533, 65533);
        sys.expectAs("EACCES|EPERM", NOBODY, "rename", "s/" + N0, "t/" + N0);
        sys.expect("65533,65533", "lstat", "s/" + N0, "uid,gid");
        // nobody owns the directory
        sys.must("chown", "s", "65534", "65534");
        sys.expectAs("0", NOBODY, "rename", "s/" + N0, "t/" + N0);
        sys.expect("65533", "lstat", "t/" + N0, "uid");
    }

    /** In a sticky target directory an existing file may be replaced only by its owner, the directory's or root (rename/10). */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void stickyTargetDirectory(FileType type) {
        sys.must("mkdir", "s", "0755", ":", "chmod", "s", "01777", ":", "mkdir", "f", "0777");
        createOwned(FileType.REGULAR, "f/" + N0, 65534, 65534);
        createOwned(type, "s/" + N1, 65533, 65533);
        sys.expectAs("EACCES|EPERM", NOBODY, "rename", "f/" + N0, "s/" + N1);
        sys.expect(type.statName() + ",65533", "lstat", "s/" + N1, "type,uid");
        sys.must("lchown", "s/" + N1, "65534", "65534");
        sys.expectAs("0", NOBODY, "rename", "f/" + N0, "s/" + N1);
        sys.expect("regular", "lstat", "s/" + N1, "type");
    }

    /** Owners of a sticky directory and of the entry in it; nobody (65534) may touch the entry if he owns either. */
    record StickyOwners(int directory, int entry) {
        static final int[] IDS = {65534, 0, 65533};

        boolean nobodyMayMoveIt() {
            return directory == 65534 || entry == 65534;
        }
    }

    /** What stands at the target name: nothing, or an entry of the type. */
    private static List<FileType> targets(FileType source) {
        if (Boolean.getBoolean("dcfs.long")) {
            List<FileType> all = new java.util.ArrayList<>();
            all.add(null);
            all.addAll(java.util.EnumSet.complementOf(java.util.EnumSet.of(FileType.DIR)));
            return all;
        }
        return java.util.Arrays.asList(null, source);
    }

    /**
     * The whole sticky matrix of pjdfstest rename/09 and rename/10: every owner of the sticky
     * directory and of the entry, against nothing or a file at the target (every type with
     * -Ddcfs.long=true), moving out of a sticky directory and replacing in one.
     */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void stickyMatrix(FileType type) {
        sys.must("mkdir", "s", "01777", ":", "chmod", "s", "01777", ":", "mkdir", "plain", "0755", ":", "chown", "plain", "65534", "65534");
        for (int dirOwner : StickyOwners.IDS) {
            for (int entryOwner : StickyOwners.IDS) {
                StickyOwners owners = new StickyOwners(dirOwner, entryOwner);
                sys.must("chown", "s", Integer.toString(dirOwner), Integer.toString(dirOwner));
                for (FileType target : targets(type)) {
                    // out of the sticky directory
                    createOwned(type, "s/" + N0, entryOwner, entryOwner);
                    String inode = sys.call("lstat", "s/" + N0, "inode");
                    if (target != null) {
                        createOwned(target, "plain/" + N1, 65534, 65534);
                    }
                    sys.expectAs(owners.nobodyMayMoveIt() ? "0" : "EACCES|EPERM", NOBODY, "rename", "s/" + N0, "plain/" + N1);
                    if (owners.nobodyMayMoveIt()) {
                        sys.expect(inode + "," + entryOwner, "lstat", "plain/" + N1, "inode,uid");
                        sys.must("unlink", "plain/" + N1);
                    } else {
                        sys.expect(inode, "lstat", "s/" + N0, "inode");
                        sys.must("unlink", "s/" + N0);
                        if (target != null) {
                            sys.expect(target.statName(), "lstat", "plain/" + N1, "type");
                            sys.must("unlink", "plain/" + N1);
                        }
                    }
                    // over an entry of the sticky directory
                    if (target != null) {
                        createOwned(type, "plain/" + N0, 65534, 65534);
                        createOwned(target, "s/" + N1, entryOwner, entryOwner);
                        sys.expectAs(owners.nobodyMayMoveIt() ? "0" : "EACCES|EPERM", NOBODY, "rename", "plain/" + N0, "s/" + N1);
                        sys.expect(owners.nobodyMayMoveIt() ? type.statName() + ",65534" : target.statName() + "," + entryOwner,
                                "lstat", "s/" + N1, "type,uid");
                        sys.must("unlink", "s/" + N1);
                        if (!owners.nobodyMayMoveIt()) {
                            sys.must("unlink", "plain/" + N0);
                        }
                    }
                }
            }
        }
    }

    /** rename cannot move between filesystems (mv copies instead): EXDEV both ways, nothing moved. */
    @Test
    void acrossFilesystemsIsEXDEV() throws Exception {
        OtherFilesystem.File outside = OtherFilesystem.newFile();
        try {
            sys.must("create", N0, "0644", ":", "mkdir", N1, "0755");
            sys.expect("EXDEV", "rename", N0, outside.missingName());
            sys.expect("EXDEV", "rename", N1, outside.missingName());
            sys.expect("EXDEV", "rename", outside.existing(), N2);
            sys.expect("regular", "lstat", N0, "type");
            sys.expect("ENOENT", "lstat", N2, "type");
        } finally {
            outside.delete();
        }
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void oldPathResolution(PathFault fault) {
        fault.run(sys, OLD_PATH);
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void newPathResolution(PathFault fault) {
        fault.run(sys, NEW_PATH);
    }
}
