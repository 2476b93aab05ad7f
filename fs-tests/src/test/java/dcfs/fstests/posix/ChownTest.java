package dcfs.fstests.posix;

import dcfs.fstests.driver.Caller;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** chown(2), lchown(2), fchown(2): pjdfstest tests/chown. */
class ChownTest extends PosixTest {
    static final PathProbe CHOWN = PathProbe.onRegularFile("chown", p -> List.of("chown", p, "65534", "65534"), true);
    static final PathProbe LCHOWN = PathProbe.onRegularFile("lchown", p -> List.of("lchown", p, "65534", "65534"), false);
    /** nobody, in groups 65532 and 65531 but not 65533. */
    static final Caller NOBODY_IN_TWO_GROUPS = Caller.user(65534, 65532, 65531);

    @ParameterizedTest
    @EnumSource(FileType.class)
    void rootGivesAnyOwnershipAndChownFollowsSymlinks(FileType type) {
        create(type, N0);
        sys.expect("0", "lchown", N0, "123", "456");
        sys.expect("123,456", "lstat", N0, "uid,gid");
        sys.expect("0", "lchown", N0, "0", "0");
        sys.expect("0,0", "lstat", N0, "uid,gid");
        if (type != FileType.SYMLINK) {
            sys.must("symlink", N0, N1);
            String link = sys.call("lstat", N1, "uid,gid");
            sys.expect("0", "chown", N1, "123", "456");
            sys.expect("123,456", "stat", N0, "uid,gid");
            sys.expect(link, "lstat", N1, "uid,gid");
        }
        // fchown needs a real descriptor (O_PATH ones refuse it); devices and sockets are not opened
        if (type == FileType.REGULAR || type == FileType.DIR || type == FileType.FIFO) {
            sys.expect("0", "open", N0, "O_RDONLY,O_NONBLOCK", ":", "fchown", "0", "7", "8");
            sys.expect("7,8", "stat", N0, "uid,gid");
        }
    }

    /** The owner may change the group to one of his groups, and nothing else (pjdfstest chown/00). */
    @ParameterizedTest
    @EnumSource(FileType.class)
    void ownerMayChangeGroupToOneOfHisGroups(FileType type) {
        createOwned(type, N0, 65534, 65533);
        sys.expectAs("0", NOBODY_IN_TWO_GROUPS, "lchown", N0, "-1", "65532");
        sys.expect("65534,65532", "lstat", N0, "uid,gid");
        sys.expectAs("0", NOBODY_IN_TWO_GROUPS, "lchown", N0, "65534", "65531");
        sys.expect("65534,65531", "lstat", N0, "uid,gid");
        sys.expectAs("EPERM", NOBODY_IN_TWO_GROUPS, "lchown", N0, "-1", "65533");
        sys.expectAs("EPERM", NOBODY_IN_TWO_GROUPS, "lchown", N0, "65533", "-1");
        sys.expect("65534,65531", "lstat", N0, "uid,gid");
        if (type != FileType.SYMLINK) {
            sys.must("symlink", N0, N1);
            sys.expectAs("0", NOBODY_IN_TWO_GROUPS, "chown", N1, "-1", "65532");
            sys.expect("65534,65532", "stat", N0, "uid,gid");
        }
    }

    /** chown(f, -1, -1) changes nothing and so needs no privilege. */
    @ParameterizedTest
    @EnumSource(FileType.class)
    void minusOneMinusOneIsAlwaysAllowed(FileType type) {
        create(type, N0);
        sys.expectAs("0", NOBODY, "lchown", N0, "-1", "-1");
        sys.expect("0,0", "lstat", N0, "uid,gid");
        if (type != FileType.SYMLINK) {
            sys.must("symlink", N0, N1);
            sys.expectAs("0", NOBODY, "chown", N1, "-1", "-1");
            sys.expect("0,0", "stat", N0, "uid,gid");
        }
    }

    @ParameterizedTest
    @EnumSource(FileType.class)
    void nonOwnersAreRefusedAndNothingChanges(FileType type) {
        create(type, N0);
        long ctime = lstat(N0, "ctime_ns");
        pause();
        sys.expectAs("EPERM", Caller.uid(65534), "lchown", N0, "65534", "-1");
        sys.expectAs("EPERM", NOBODY, "lchown", N0, "-1", "65534");
        sys.expectAs("EPERM", NOBODY, "lchown", N0, "65534", "65534");
        sys.expect("0,0", "lstat", N0, "uid,gid");
        assertUnchanged(ctime, lstat(N0, "ctime_ns"), "ctime after refused chowns");
    }

    @Test
    void ownerMayNotGiveTheFileAway() {
        sys.must("create", N0, "0644", ":", "chown", N0, "65534", "65534");
        sys.expectAs("EPERM", NOBODY, "chown", N0, "65533", "65534");
        sys.expectAs("EPERM", NOBODY, "chown", N0, "0", "-1");
        sys.expect("65534,65534", "stat", N0, "uid,gid");
    }

    @ParameterizedTest
    @EnumSource(FileType.class)
    void successUpdatesCtime(FileType type) {
        createOwned(type, N0, 65534, 65533);
        long ctime = lstat(N0, "ctime_ns");
        pause();
        sys.expect("0", "lchown", N0, "65533", "65532");
        assertIncreased(ctime, lstat(N0, "ctime_ns"), "ctime after lchown by root");
        sys.must("lchown", N0, "65534", "65533");
        ctime = lstat(N0, "ctime_ns");
        pause();
        sys.expectAs("0", NOBODY_IN_TWO_GROUPS, "lchown", N0, "65534", "65532");
        assertIncreased(ctime, lstat(N0, "ctime_ns"), "ctime after lchown by the owner");
    }

    /** Root's chown may keep or clear the set-id bits: pjdfstest accepts both. */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "SYMLINK")
    void rootChownKeepsOrClearsSetIdBits(FileType type) {
        createOwned(type, N0, 65534, 65533);
        sys.must("chmod", N0, "06555");
        sys.expect("06555,65534,65533", "stat", N0, "mode,uid,gid");
        sys.expect("0", "chown", N0, "65532", "65531");
        sys.expect("(06555|0555),65532,65531", "stat", N0, "mode,uid,gid");
        sys.must("chmod", N0, "06555");
        sys.expect("0", "chown", N0, "0", "0");
        sys.expect("(06555|0555),0,0", "stat", N0, "mode,uid,gid");
    }

    /**
     * A non-root owner's chown clears set-user-ID and set-group-ID of an executable non-directory
     * (Linux keeps them on directories, which pjdfstest marks as a known Linux difference).
     */
    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = {"SYMLINK", "DIR"})
    void ownerChownClearsSetIdBits(FileType type) {
        createOwned(type, N0, 65534, 65533);
        Caller owner = Caller.user(65534, 65533, 65532);
        sys.must("chmod", N0, "06555");
        sys.expectAs("0", owner, "chown", N0, "65534", "65532");
        sys.expect("0555,65534,65532", "stat", N0, "mode,uid,gid");
        sys.must("chmod", N0, "06555");
        sys.expectAs("0", owner, "chown", N0, "-1", "65533");
        sys.expect("0555,65534,65533", "stat", N0, "mode,uid,gid");
        sys.must("chmod", N0, "06555");
        sys.expectAs("0", owner, "chown", N0, "-1", "-1");
        sys.expect("(06555|0555),65534,65533", "stat", N0, "mode,uid,gid");
    }

    @Test
    void fchownFollowsTheSameRules() {
        sys.must("create", N0, "0644", ":", "chown", N0, "65534", "65534");
        sys.expectAs("0", NOBODY_IN_TWO_GROUPS, "open", N0, "O_RDONLY", ":", "fchown", "0", "-1", "65531");
        sys.expect("65534,65531", "stat", N0, "uid,gid");
        sys.expectAs("EPERM", OTHER, "open", N0, "O_RDONLY", ":", "fchown", "0", "65533", "-1");
        sys.expectAs("EPERM", NOBODY_IN_TWO_GROUPS, "open", N0, "O_RDONLY", ":", "fchown", "0", "-1", "65533");
        sys.expect("65534,65531", "stat", N0, "uid,gid");
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void chownPathResolution(PathFault fault) {
        fault.run(sys, CHOWN);
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void lchownPathResolution(PathFault fault) {
        fault.run(sys, LCHOWN);
    }
}
