package dcfs.fstests.posix;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** unlink(2): pjdfstest tests/unlink. */
class UnlinkTest extends PosixTest {
    static final PathProbe PROBE = PathProbe.onRegularFile("unlink", p -> List.of("unlink", p), false);

    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void removesTheNameAndUpdatesTheDirectory(FileType type) {
        sys.must("mkdir", "p", "0755");
        create(type, "p/" + N0);
        long mtime = stat("p", "mtime_ns");
        long ctime = stat("p", "ctime_ns");
        pause();
        sys.expect("0", "unlink", "p/" + N0);
        sys.expect("ENOENT", "lstat", "p/" + N0, "type");
        assertIncreased(mtime, stat("p", "mtime_ns"), "directory mtime after unlink");
        assertIncreased(ctime, stat("p", "ctime_ns"), "directory ctime after unlink");
    }

    /** Removing one of several names lowers the count and touches the file's ctime. */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void removingOneOfSeveralNames(FileType type) {
        create(type, N0);
        sys.must("link", N0, N1, ":", "link", N0, N2);
        sys.expect("3", "lstat", N0, "nlink");
        long ctime = lstat(N1, "ctime_ns");
        pause();
        sys.expect("0", "unlink", N0);
        sys.expect("2", "lstat", N1, "nlink");
        assertIncreased(ctime, lstat(N1, "ctime_ns"), "ctime of a file that lost a name");
        sys.expect("0", "unlink", N2);
        sys.expect("1", "lstat", N1, "nlink");
    }

    @Test
    void directoriesAreEISDIR() {
        sys.must("mkdir", N0, "0755");
        sys.expect("EISDIR|EPERM", "unlink", N0);
        sys.expect("dir", "lstat", N0, "type");
    }

    @Test
    void aSymlinkIsRemovedNotItsTarget() {
        sys.must("create", N0, "0644", ":", "symlink", N0, N1, ":", "mkdir", N2, "0755", ":", "symlink", N2, N3);
        sys.expect("0", "unlink", N1);
        sys.expect("regular", "lstat", N0, "type");
        sys.expect("0", "unlink", N3);
        sys.expect("dir", "lstat", N2, "type");
    }

    @Test
    void missingNameIsENOENT() {
        sys.expect("ENOENT", "unlink", N0);
    }

    @Test
    void needsWritePermissionOnTheDirectory() {
        sys.must("mkdir", "p", "0755", ":", "chown", "p", "65534", "65534", ":", "create", "p/a", "0644",
                ":", "create", "p/b", "0644");
        sys.expectAs("0", NOBODY, "unlink", "p/a");
        sys.must("chmod", "p", "0555");
        long mtime = stat("p", "mtime_ns");
        pause();
        sys.expectAs("EACCES", NOBODY, "unlink", "p/b");
        sys.expect("regular", "lstat", "p/b", "type");
        assertUnchanged(mtime, stat("p", "mtime_ns"), "directory mtime after a refused unlink");
    }

    /** Write permission on the file itself does not matter; the directory's does. */
    @Test
    void theFilesOwnModeDoesNotMatter() {
        sys.must("chmod", ".", "0777", ":", "create", N0, "0000");
        sys.expectAs("0", NOBODY, "unlink", N0);
    }

    /** In a sticky directory only the file's owner, the directory's owner or root removes it (unlink/11). */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void stickyDirectory(FileType type) {
        sys.must("mkdir", "s", "0755", ":", "chmod", "s", "01777");
        createOwned(type, "s/mine", 65534, 65534);
        createOwned(type, "s/theirs", 65533, 65533);
        sys.expectAs("0", NOBODY, "unlink", "s/mine");
        sys.expectAs("EACCES|EPERM", NOBODY, "unlink", "s/theirs");
        sys.expect(type.statName(), "lstat", "s/theirs", "type");
        sys.must("chown", "s", "65534", "65534");
        sys.expectAs("0", NOBODY, "unlink", "s/theirs");
        createOwned(type, "s/again", 65533, 65533);
        sys.expect("0", "unlink", "s/again");
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void pathResolution(PathFault fault) {
        fault.run(sys, PROBE);
    }
}
