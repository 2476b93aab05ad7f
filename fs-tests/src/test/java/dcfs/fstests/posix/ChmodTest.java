package dcfs.fstests.posix;

import dcfs.fstests.driver.Caller;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** chmod(2) and fchmod(2): pjdfstest tests/chmod. */
class ChmodTest extends PosixTest {
    static final PathProbe CHMOD = PathProbe.onRegularFile("chmod", p -> List.of("chmod", p, "0600"), true);

    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "SYMLINK")
    void changesTheModeOfEveryTypeAndFollowsSymlinks(FileType type) {
        create(type, N0);
        sys.expect("0", "chmod", N0, "0111");
        sys.expect("0111", "stat", N0, "mode");

        sys.must("symlink", N0, N1);
        String linkMode = sys.call("lstat", N1, "mode");
        sys.expect("0", "chmod", N1, "0222");
        sys.expect("0222", "stat", N1, "mode");
        sys.expect("0222", "stat", N0, "mode");
        sys.expect(linkMode, "lstat", N1, "mode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000", "0777", "01777", "02755", "04755", "06755", "07777", "0421", "0124"})
    void rootMaySetEveryBitOnAFile(String mode) {
        sys.must("create", N0, "0644");
        sys.expect("0", "chmod", N0, mode);
        sys.expect(mode.replaceFirst("^0+(?=.)", "0"), "stat", N0, "mode");
        sys.expect("0640", "open", N0, "O_RDONLY", ":", "fchmod", "0", "0640", ":", "fstat", "0", "mode");
        sys.expect("0640", "stat", N0, "mode");
    }

    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "SYMLINK")
    void successUpdatesCtimeOnly(FileType type) {
        create(type, N0);
        long ctime = stat(N0, "ctime_ns");
        long mtime = stat(N0, "mtime_ns");
        pause();
        sys.expect("0", "chmod", N0, "0111");
        assertIncreased(ctime, stat(N0, "ctime_ns"), "ctime after chmod");
        assertUnchanged(mtime, stat(N0, "mtime_ns"), "mtime after chmod");
    }

    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "SYMLINK")
    void failureChangesNothing(FileType type) {
        create(type, N0);
        long ctime = stat(N0, "ctime_ns");
        String mode = sys.call("stat", N0, "mode");
        pause();
        sys.expectAs("EPERM", Caller.uid(65534), "chmod", N0, "0111");
        assertUnchanged(ctime, stat(N0, "ctime_ns"), "ctime after a refused chmod");
        sys.expect(mode, "stat", N0, "mode");
    }

    /** Only the owner (or root) may change the mode: pjdfstest chmod/07. */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "SYMLINK")
    void onlyTheOwnerMayChmod(FileType type) {
        sys.must("chmod", ".", "0777");
        createOwned(type, N0, 65534, 65534);
        sys.must("symlink", N0, N1);
        sys.expectAs("0", NOBODY, "chmod", N0, "0642");
        sys.expect("0642", "stat", N0, "mode");
        sys.expectAs("EPERM", OTHER, "chmod", N0, "0641");
        sys.expectAs("EPERM", OTHER, "chmod", N1, "0641");
        sys.expect("0642", "stat", N0, "mode");
        sys.expectAs("0", NOBODY, "chmod", N1, "0640");
        sys.expect("0640", "stat", N0, "mode");
        sys.expect("0", "chmod", N0, "0600");
        sys.expect("0600", "stat", N0, "mode");
    }

    @org.junit.jupiter.api.Test
    void fchmodByANonOwnerIsRefusedEvenWithTheFileOpen() {
        sys.must("create", N0, "0666");
        sys.expectAs("EPERM", NOBODY, "open", N0, "O_RDWR", ":", "fchmod", "0", "0777");
        sys.expect("0666", "stat", N0, "mode");
    }

    /**
     * POSIX: a non-root caller who is not in the file's group loses S_ISGID silently; a member
     * keeps it (pjdfstest chmod/00, end).
     */
    @org.junit.jupiter.api.Test
    void setgidIsDroppedForACallerOutsideTheGroup() {
        sys.must("create", N0, "0755", ":", "chown", N0, "65534", "65534");
        sys.expectAs("0", NOBODY, "chmod", N0, "02755");
        sys.expect("02755", "stat", N0, "mode");
        sys.expectAs("0", NOBODY, "chmod", N0, "0755");
        sys.expect("0755", "stat", N0, "mode");
        sys.expectAs("0", Caller.user(65534, 65533), "chmod", N0, "02755");
        sys.expect("0755", "stat", N0, "mode");
    }

    /** Writing to a file clears its set-user-ID and set-group-ID bits (pjdfstest chmod/12). */
    @ParameterizedTest
    @ValueSource(strings = {"04777", "02777", "06777"})
    void writeByANonOwnerClearsSetIdBits(String mode) {
        sys.must("create", N0, mode);
        sys.expectAs("0777", NOBODY, "open", N0, "O_WRONLY", ":", "write", "0", "x", ":", "fstat", "0", "mode");
        sys.expect("0777", "stat", N0, "mode");
    }

    @org.junit.jupiter.api.Test
    void stickyBitOnADirectoryIsKept() {
        sys.must("mkdir", N0, "0755");
        sys.expect("0", "chmod", N0, "01777");
        sys.expect("dir,01777", "stat", N0, "type,mode");
        sys.must("chown", N0, "65534", "65534");
        sys.expectAs("0", NOBODY, "chmod", N0, "01755");
        sys.expect("01755", "stat", N0, "mode");
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void pathResolution(PathFault fault) {
        fault.run(sys, CHMOD);
    }
}
