package dcfs.fstests.posix;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** mkfifo(3) (mknod of S_IFIFO): pjdfstest tests/mkfifo. */
class MkfifoTest extends PosixTest {
    static final CreationRules.Maker MKFIFO = (name, mode) -> new String[] {"mkfifo", name, mode};
    static final PathProbe PROBE = PathProbe.creating("mkfifo", p -> List.of("mkfifo", p, "0644"), false);

    @Test
    void modeIsMaskedByUmask() {
        CreationRules.modeIsMaskedByUmask(sys, MKFIFO, "fifo");
    }

    @Test
    void ownerIsTheCaller() {
        CreationRules.ownerIsTheCaller(sys, MKFIFO);
    }

    @Test
    void setgidDirectoryPassesOnItsGroup() {
        CreationRules.setgidDirectoryPassesOnItsGroup(sys, MKFIFO, false);
    }

    @Test
    void timestampsOfTheFifoAndItsDirectory() {
        CreationRules.timestampsOfFileAndDirectory(sys, MKFIFO);
    }

    @Test
    void takenNameIsEEXIST() {
        CreationRules.takenNameIsEEXIST(sys, MKFIFO);
    }

    @Test
    void needsWritePermissionOnTheDirectory() {
        CreationRules.needsWritePermissionOnTheDirectory(sys, MKFIFO);
    }

    /** A fifo in the mount is a real pipe: without a reader a non-blocking writer gets ENXIO. */
    @Test
    void aFifoIsAPipe() {
        sys.must("mkfifo", N0, "0666");
        sys.expect("ENXIO", "open", N0, "O_WRONLY,O_NONBLOCK");
        sys.expect("0", "open", N0, "O_RDONLY,O_NONBLOCK", ":", "open", N0, "O_WRONLY,O_NONBLOCK",
                ":", "write", "1", "through-the-pipe", ":", "close", "1");
        sys.expect("through-the-pipe", "open", N0, "O_RDWR", ":", "open", N0, "O_WRONLY", ":", "write", "1",
                "through-the-pipe", ":", "read", "0", "100");
        sys.expect("0", "stat", N0, "size");
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void pathResolution(PathFault fault) {
        fault.run(sys, PROBE);
    }
}
