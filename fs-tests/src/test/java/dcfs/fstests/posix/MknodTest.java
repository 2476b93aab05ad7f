package dcfs.fstests.posix;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** mknod(2): pjdfstest tests/mknod. Devices are made by root only. */
class MknodTest extends PosixTest {
    static final CreationRules.Maker MKNOD_FIFO = (name, mode) -> new String[] {"mknod", name, "p", mode, "0", "0"};
    static final PathProbe PROBE = PathProbe.creating("mknod", p -> List.of("mknod", p, "p", "0644", "0", "0"), false);

    @Test
    void modeIsMaskedByUmask() {
        CreationRules.modeIsMaskedByUmask(sys, MKNOD_FIFO, "fifo");
        CreationRules.modeIsMaskedByUmask(sys, (name, mode) -> new String[] {"mknod", name, "f", mode, "0", "0"}, "regular");
    }

    @Test
    void ownerIsTheCaller() {
        CreationRules.ownerIsTheCaller(sys, MKNOD_FIFO);
    }

    @Test
    void setgidDirectoryPassesOnItsGroup() {
        CreationRules.setgidDirectoryPassesOnItsGroup(sys, MKNOD_FIFO, false);
    }

    @Test
    void timestampsOfTheNodeAndItsDirectory() {
        CreationRules.timestampsOfFileAndDirectory(sys, MKNOD_FIFO);
    }

    @Test
    void takenNameIsEEXIST() {
        CreationRules.takenNameIsEEXIST(sys, MKNOD_FIFO);
    }

    @Test
    void needsWritePermissionOnTheDirectory() {
        CreationRules.needsWritePermissionOnTheDirectory(sys, MKNOD_FIFO);
    }

    /** Root makes device nodes; their numbers come back from stat. */
    @ParameterizedTest
    @ValueSource(strings = {"b", "c"})
    void rootMakesDevicesWithTheirNumbers(String kind) {
        String type = kind.equals("b") ? "block" : "char";
        sys.expect("0", "mknod", N0, kind, "0640", "4", "67");
        sys.expect(type + ",0640,4,67", "lstat", N0, "type,mode,major,minor");
        sys.expect("0", "mknod", N1, kind, "0600", "250", "4095");
        sys.expect(type + ",250,4095", "lstat", N1, "type,major,minor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"b", "c"})
    void devicesNeedPrivilege(String kind) {
        sys.must("chmod", ".", "0777");
        sys.expectAs("EPERM", NOBODY, "mknod", N0, kind, "0644", "1", "2");
        sys.expect("ENOENT", "lstat", N0, "type");
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void pathResolution(PathFault fault) {
        fault.run(sys, PROBE);
    }
}
