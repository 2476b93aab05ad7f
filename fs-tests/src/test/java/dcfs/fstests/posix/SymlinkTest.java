package dcfs.fstests.posix;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** symlink(2) and readlink(2): pjdfstest tests/symlink. */
class SymlinkTest extends PosixTest {
    static final CreationRules.Maker SYMLINK = (name, mode) -> new String[] {"symlink", "some/target", name};
    static final PathProbe PROBE = PathProbe.creating("symlink", p -> List.of("symlink", "target", p), false);

    @ParameterizedTest
    @EnumSource(FileType.class)
    void pointsAtWhateverItNames(FileType type) {
        create(type, N0);
        sys.expect("0", "symlink", N0, N1);
        sys.expect("symlink", "lstat", N1, "type");
        sys.expect(N0, "readlink", N1);
        String stat = type == FileType.SYMLINK ? "ENOENT" : type.statName() + "," + sys.call("lstat", N0, "inode");
        sys.expect(stat, "stat", N1, "type,inode");
        sys.expect("0", "unlink", N1);
        sys.expect(type.statName(), "lstat", N0, "type");
    }

    @Test
    void targetsAreKeptVerbatim() {
        String[] targets = {"dangling", "/absolute/path", "../../up/and/away", "with space", "a//b/./c/", ".", "..",
            Names.ofLength(Names.NAME_MAX, 'q')};
        for (int i = 0; i < targets.length; i++) {
            sys.expect("0", "symlink", targets[i], "l" + i);
            sys.expect(java.util.regex.Pattern.quote(targets[i]), "readlink", "l" + i);
            sys.expect(Integer.toString(targets[i].length()), "lstat", "l" + i, "size");
        }
    }

    @Test
    void aTargetMayBeAsLongAsAPath() {
        String longest = Names.join(Names.componentsForPathOf(Names.PATH_MAX - 1));
        sys.expect("0", "symlink", longest, N0);
        sys.expect(java.util.regex.Pattern.quote(longest), "readlink", N0);
        sys.expect("ENAMETOOLONG", "symlink", Names.join(Names.componentsForPathOf(Names.PATH_MAX)), N1);
    }

    @Test
    void resolvesRelativeToItsOwnDirectory() {
        sys.must("mkdir", "d", "0755", ":", "open", "d/file", "O_CREAT,O_WRONLY", "0644", ":", "write", "0", "inside");
        sys.expect("0", "symlink", "file", "d/link");
        sys.expect("inside", "open", "d/link", "O_RDONLY", ":", "read", "0", "100");
        sys.expect("0", "symlink", "d", "dirlink");
        sys.expect("regular", "stat", "dirlink/file", "type");
    }

    @Test
    void ownerIsTheCaller() {
        CreationRules.ownerIsTheCaller(sys, SYMLINK);
    }

    @Test
    void setgidDirectoryPassesOnItsGroup() {
        CreationRules.setgidDirectoryPassesOnItsGroup(sys, SYMLINK, false);
    }

    @Test
    void timestampsOfTheLinkAndItsDirectory() {
        CreationRules.timestampsOfFileAndDirectory(sys, SYMLINK);
    }

    @Test
    void takenNameIsEEXIST() {
        CreationRules.takenNameIsEEXIST(sys, SYMLINK);
    }

    @Test
    void needsWritePermissionOnTheDirectory() {
        CreationRules.needsWritePermissionOnTheDirectory(sys, SYMLINK);
    }

    @Test
    void readlinkOfANonSymlinkIsEINVAL() {
        sys.must("create", N0, "0644", ":", "mkdir", N1, "0755");
        sys.expect("EINVAL", "readlink", N0);
        sys.expect("EINVAL", "readlink", N1);
        sys.expect("ENOENT", "readlink", N2);
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void pathResolution(PathFault fault) {
        fault.run(sys, PROBE);
    }
}
