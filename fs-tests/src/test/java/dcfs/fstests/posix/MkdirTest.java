package dcfs.fstests.posix;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** mkdir(2): pjdfstest tests/mkdir. */
class MkdirTest extends PosixTest {
    static final CreationRules.Maker MKDIR = (name, mode) -> new String[] {"mkdir", name, mode};
    static final PathProbe PROBE = PathProbe.creating("mkdir", p -> List.of("mkdir", p, "0755"), false);

    @Test
    void modeIsMaskedByUmask() {
        CreationRules.modeIsMaskedByUmask(sys, MKDIR, "dir");
    }

    @Test
    void ownerIsTheCaller() {
        CreationRules.ownerIsTheCaller(sys, MKDIR);
    }

    @Test
    void setgidDirectoryPassesOnItsGroupAndTheBit() {
        CreationRules.setgidDirectoryPassesOnItsGroup(sys, MKDIR, true);
    }

    @Test
    void timestampsOfTheNewDirectoryAndItsParent() {
        CreationRules.timestampsOfFileAndDirectory(sys, MKDIR);
    }

    @Test
    void takenNameIsEEXIST() {
        CreationRules.takenNameIsEEXIST(sys, MKDIR);
    }

    @Test
    void needsWritePermissionOnTheParent() {
        CreationRules.needsWritePermissionOnTheDirectory(sys, MKDIR);
    }

    /** A new directory has two links ("name" and its "."), and adds one to its parent (its ".."). */
    @Test
    void linkCounts() {
        sys.must("mkdir", "p", "0755");
        sys.expect("2", "stat", "p", "nlink");
        sys.expect("0", "mkdir", "p/a", "0755");
        sys.expect("2", "stat", "p/a", "nlink");
        sys.expect("3", "stat", "p", "nlink");
        sys.expect("0", "mkdir", "p/b", "0755");
        sys.expect("4", "stat", "p", "nlink");
        sys.expect("0", "create", "p/file", "0644");
        sys.expect("4", "stat", "p", "nlink");
        sys.expect("0", "rmdir", "p/a");
        sys.expect("3", "stat", "p", "nlink");
    }

    @Test
    void dotAndDotDotResolve() {
        sys.must("mkdir", "p", "0755", ":", "mkdir", "p/c", "0755");
        String parent = sys.call("stat", "p", "inode");
        sys.expect(parent, "stat", "p/c/..", "inode");
        sys.expect(parent, "stat", "p/.", "inode");
        sys.expect("EEXIST", "mkdir", "p/c/..", "0755");
        sys.expect("EEXIST", "mkdir", "p/.", "0755");
    }

    @Test
    void stickyBitIsKeptAndSetuidIgnored() {
        sys.expect("0", "mkdir", N0, "01755");
        sys.expect("01755", "stat", N0, "mode");
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void pathResolution(PathFault fault) {
        fault.run(sys, PROBE);
    }
}
