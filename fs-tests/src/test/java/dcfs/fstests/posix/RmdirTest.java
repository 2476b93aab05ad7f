package dcfs.fstests.posix;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** rmdir(2): pjdfstest tests/rmdir. */
class RmdirTest extends PosixTest {
    static final PathProbe PROBE = PathProbe.onExisting("rmdir", p -> List.of("mkdir", p, "0755"),
            p -> List.of("rmdir", p), false);

    @Test
    void removesTheDirectoryAndUpdatesItsParent() {
        sys.must("mkdir", "p", "0755", ":", "mkdir", "p/" + N0, "0755");
        sys.expect("3", "stat", "p", "nlink");
        long mtime = stat("p", "mtime_ns");
        long ctime = stat("p", "ctime_ns");
        pause();
        sys.expect("0", "rmdir", "p/" + N0);
        sys.expect("ENOENT", "lstat", "p/" + N0, "type");
        sys.expect("2", "stat", "p", "nlink");
        assertIncreased(mtime, stat("p", "mtime_ns"), "parent mtime after rmdir");
        assertIncreased(ctime, stat("p", "ctime_ns"), "parent ctime after rmdir");
    }

    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "DIR")
    void nonDirectoriesAreENOTDIR(FileType type) {
        create(type, N0);
        sys.expect("ENOTDIR", "rmdir", N0);
        sys.expect(type.statName(), "lstat", N0, "type");
    }

    @Test
    void aSymlinkToADirectoryIsENOTDIR() {
        sys.must("mkdir", N0, "0755", ":", "symlink", N0, N1);
        sys.expect("ENOTDIR", "rmdir", N1);
        sys.expect("dir", "lstat", N0, "type");
    }

    @ParameterizedTest
    @EnumSource(FileType.class)
    void aDirectoryWithAnythingInItIsNotEmpty(FileType inside) {
        sys.must("mkdir", N0, "0755");
        create(inside, N0 + "/x");
        sys.expect("ENOTEMPTY|EEXIST", "rmdir", N0);
        sys.expect(inside.statName(), "lstat", N0 + "/x", "type");
        remove(inside, N0 + "/x");
        sys.expect("0", "rmdir", N0);
    }

    @Test
    void dotAndDotDotCannotBeRemoved() {
        sys.must("mkdir", N0, "0755", ":", "mkdir", N0 + "/" + N1, "0755");
        sys.expect("EINVAL", "rmdir", N0 + "/.");
        sys.expect("ENOTEMPTY|EEXIST|EBUSY|EINVAL", "rmdir", N0 + "/" + N1 + "/..");
        sys.expect("dir", "lstat", N0 + "/" + N1, "type");
    }

    @Test
    void missingDirectoryIsENOENT() {
        sys.expect("ENOENT", "rmdir", N0);
    }

    @Test
    void needsWritePermissionOnTheParent() {
        sys.must("mkdir", "p", "0755", ":", "chown", "p", "65534", "65534", ":", "mkdir", "p/a", "0755",
                ":", "mkdir", "p/b", "0755");
        sys.expectAs("0", NOBODY, "rmdir", "p/a");
        sys.must("chmod", "p", "0555");
        long mtime = stat("p", "mtime_ns");
        pause();
        sys.expectAs("EACCES", NOBODY, "rmdir", "p/b");
        sys.expect("dir", "lstat", "p/b", "type");
        assertUnchanged(mtime, stat("p", "mtime_ns"), "parent mtime after a refused rmdir");
    }

    /** In a sticky directory only the directory's owner, the entry's owner or root removes it (rmdir/11). */
    @Test
    void stickyParent() {
        sys.must("mkdir", "s", "0755", ":", "chmod", "s", "01777");
        sys.must("mkdir", "s/mine", "0755", ":", "chown", "s/mine", "65534", "65534");
        sys.must("mkdir", "s/theirs", "0755", ":", "chown", "s/theirs", "65533", "65533");
        sys.expectAs("0", NOBODY, "rmdir", "s/mine");
        sys.expectAs("EACCES|EPERM", NOBODY, "rmdir", "s/theirs");
        sys.expect("dir", "lstat", "s/theirs", "type");
        sys.must("chown", "s", "65534", "65534");
        sys.expectAs("0", NOBODY, "rmdir", "s/theirs");
        sys.must("mkdir", "s/again", "0755", ":", "chown", "s/again", "65533", "65533", ":", "chown", "s", "0", "0");
        sys.expect("0", "rmdir", "s/again");
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void pathResolution(PathFault fault) {
        fault.run(sys, PROBE);
    }
}
