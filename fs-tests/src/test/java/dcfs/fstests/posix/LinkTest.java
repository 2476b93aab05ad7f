package dcfs.fstests.posix;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** link(2): pjdfstest tests/link. */
class LinkTest extends PosixTest {
    static final PathProbe OLD_PATH = PathProbe.onRegularFile("link, existing path", p -> List.of("link", p, "newname"), false);
    static final PathProbe NEW_PATH = PathProbe.creating("link, new path", p -> List.of("link", "source", p), false)
            .withSource("source");

    /** Every non-directory can be hard-linked; all names share one inode and its nlink count. */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void namesShareOneInode(FileType type) {
        create(type, N0);
        String inode = sys.call("lstat", N0, "inode");
        String kind = type.statName();
        sys.expect(kind + ",1", "lstat", N0, "type,nlink");
        sys.expect("0", "link", N0, N1);
        sys.expect(kind + "," + inode + ",2", "lstat", N0, "type,inode,nlink");
        sys.expect(kind + "," + inode + ",2", "lstat", N1, "type,inode,nlink");
        sys.expect("0", "link", N1, N2);
        sys.expect(kind + "," + inode + ",3", "lstat", N2, "type,inode,nlink");
        sys.expect("3", "lstat", N0, "nlink");

        // metadata changed through one name shows through the others
        if (type != FileType.SYMLINK) {
            sys.expect("0", "chmod", N1, "0201");
            sys.expect("0", "chown", N1, "65534", "65533");
            sys.expect("0201,65534,65533", "lstat", N0, "mode,uid,gid");
            sys.expect("0201,65534,65533", "lstat", N2, "mode,uid,gid");
        }

        sys.expect("0", "unlink", N0);
        sys.expect("ENOENT", "lstat", N0, "type");
        sys.expect(inode + ",2", "lstat", N1, "inode,nlink");
        sys.expect("0", "unlink", N2);
        sys.expect(inode + ",1", "lstat", N1, "inode,nlink");
        sys.expect("0", "unlink", N1);
        sys.expect("ENOENT", "lstat", N1, "type");
    }

    @Test
    void dataWrittenThroughOneNameIsReadThroughTheOther() {
        sys.must("create", N0, "0644", ":", "link", N0, N1);
        sys.expect("0", "open", N0, "O_WRONLY", ":", "write", "0", "shared-bytes");
        sys.expect("shared-bytes", "open", N1, "O_RDONLY", ":", "read", "0", "100");
        sys.expect("12", "stat", N1, "size");
    }

    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void successUpdatesCtimeOfTheFileAndMtimeCtimeOfTheDirectory(FileType type) {
        sys.must("mkdir", "d", "0755");
        create(type, N0);
        long fileCtime = lstat(N0, "ctime_ns");
        long dirMtime = stat("d", "mtime_ns");
        long dirCtime = stat("d", "ctime_ns");
        pause();
        sys.expect("0", "link", N0, "d/" + N1);
        assertIncreased(fileCtime, lstat(N0, "ctime_ns"), "ctime of the linked file");
        assertIncreased(dirMtime, stat("d", "mtime_ns"), "mtime of the new name's directory");
        assertIncreased(dirCtime, stat("d", "ctime_ns"), "ctime of the new name's directory");
    }

    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void failureChangesNoTimes(FileType type) {
        sys.must("mkdir", "d", "0755");
        createOwned(type, N0, 65534, 65534);
        long fileCtime = lstat(N0, "ctime_ns");
        long dirMtime = stat("d", "mtime_ns");
        pause();
        sys.expectAs("EACCES", NOBODY, "link", N0, "d/" + N1);
        assertUnchanged(fileCtime, lstat(N0, "ctime_ns"), "ctime after a refused link");
        assertUnchanged(dirMtime, stat("d", "mtime_ns"), "directory mtime after a refused link");
        sys.expect("1", "lstat", N0, "nlink");
    }

    @ParameterizedTest
    @EnumSource(FileType.class)
    void newNameThatExistsIsEEXIST(FileType existing) {
        sys.must("create", N0, "0644");
        create(existing, N1);
        sys.expect("EEXIST", "link", N0, N1);
        sys.expect(existing.statName(), "lstat", N1, "type");
        sys.expect("1", "stat", N0, "nlink");
    }

    @Test
    void directoriesCannotBeLinked() {
        sys.must("mkdir", N0, "0755");
        sys.expect("EPERM", "link", N0, N1);
        sys.expect("ENOENT", "lstat", N1, "type");
    }

    @Test
    void missingSourceIsENOENT() {
        sys.expect("ENOENT", "link", N0, N1);
        sys.expect("ENOENT", "lstat", N1, "type");
    }

    /** link(2) does not follow a symlink named as the source on Linux: the new name is a second symlink. */
    @Test
    void linkingASymlinkLinksTheSymlinkItself() {
        sys.must("create", N0, "0644", ":", "symlink", N0, N1);
        String linkInode = sys.call("lstat", N1, "inode");
        sys.expect("0", "link", N1, N2);
        sys.expect("symlink," + linkInode + ",2", "lstat", N2, "type,inode,nlink");
        sys.expect("1", "stat", N0, "nlink");
    }

    @Test
    void writePermissionOnTheNewDirectoryIsNeeded() {
        sys.must("mkdir", "d", "0755", ":", "chown", "d", "65534", "65534");
        sys.must("create", N0, "0644", ":", "chown", N0, "65534", "65534");
        sys.must("chmod", ".", "0777");
        sys.expectAs("0", NOBODY, "link", N0, "d/" + N1);
        sys.must("chmod", "d", "0555");
        sys.expectAs("EACCES", NOBODY, "link", N0, "d/" + N2);
        sys.expect("2", "stat", N0, "nlink");
    }

    /** Hard links cannot cross filesystems: to and from a tmpfs outside the mount is EXDEV. */
    @Test
    void acrossFilesystemsIsEXDEV() throws Exception {
        OtherFilesystem.File outside = OtherFilesystem.newFile();
        try {
            sys.must("create", N0, "0644");
            sys.expect("EXDEV", "link", N0, outside.missingName());
            sys.expect("EXDEV", "link", outside.existing(), N1);
            sys.expect("ENOENT", "lstat", N1, "type");
            sys.expect("1", "stat", N0, "nlink");
        } finally {
            outside.delete();
        }
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void existingPathResolution(PathFault fault) {
        fault.run(sys, OLD_PATH);
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void newPathResolution(PathFault fault) {
        fault.run(sys, NEW_PATH);
    }
}
