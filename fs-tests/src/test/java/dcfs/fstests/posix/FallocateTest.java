package dcfs.fstests.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * fallocate(2) and posix_fallocate(3) (pjdfstest tests/posix_fallocate): plain allocation grows a
 * file, KEEP_SIZE changes nothing visible, a punched hole or a zeroed range reads as zeros, and
 * the modes that move data (collapse, insert) are refused.
 */
class FallocateTest extends PosixTest {

    @Test
    void posixFallocateGrowsTheFileAndNeverShrinksIt() {
        sys.expect("0", "open", N0, "O_CREAT,O_RDWR", "0644", ":", "posix_fallocate", "0", "0", "567");
        sys.expect("567", "stat", N0, "size");
        sys.expect("0", "open", N0, "O_RDWR", ":", "posix_fallocate", "0", "100", "20");
        sys.expect("567", "stat", N0, "size");
    }

    @Test
    void growingUpdatesMtimeAndCtime() {
        sys.must("create", N0, "0644");
        long mtime = stat(N0, "mtime_ns");
        long ctime = stat(N0, "ctime_ns");
        pause();
        sys.expect("0", "open", N0, "O_RDWR", ":", "fallocate", "0", "0", "0", "4096");
        assertIncreased(mtime, stat(N0, "mtime_ns"), "mtime after fallocate");
        assertIncreased(ctime, stat(N0, "ctime_ns"), "ctime after fallocate");
    }

    @Test
    void keepSizeChangesNothingVisible() {
        sys.expect("0", "open", N0, "O_CREAT,O_RDWR", "0644", ":", "write", "0", "abc", ":",
                "fallocate", "0", "KEEP_SIZE", "0", "1048576");
        sys.expect("3", "stat", N0, "size");
        assertContent(N0, "abc".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aPunchedHoleReadsAsZerosAndKeepsTheSize() {
        sys.expect("0", "open", N0, "O_CREAT,O_RDWR", "0644", ":", "write", "0", "abcdefgh", ":",
                "fallocate", "0", "KEEP_SIZE,PUNCH_HOLE", "2", "3");
        sys.expect("8", "stat", N0, "size");
        assertContent(N0, new byte[] {'a', 'b', 0, 0, 0, 'f', 'g', 'h'});
        // A hole past the end changes nothing.
        sys.expect("0", "open", N0, "O_RDWR", ":", "fallocate", "0", "KEEP_SIZE,PUNCH_HOLE", "100", "10");
        sys.expect("8", "stat", N0, "size");
    }

    @Test
    void aZeroedRangeReadsAsZerosAndMayGrowTheFile() {
        sys.expect("0", "open", N0, "O_CREAT,O_RDWR", "0644", ":", "write", "0", "abcdefgh", ":",
                "fallocate", "0", "ZERO_RANGE", "6", "10");
        sys.expect("16", "stat", N0, "size");
        byte[] expected = new byte[16];
        System.arraycopy("abcdef".getBytes(StandardCharsets.US_ASCII), 0, expected, 0, 6);
        assertContent(N0, expected);
        sys.expect("0", "open", N0, "O_RDWR", ":", "fallocate", "0", "KEEP_SIZE,ZERO_RANGE", "0", "100");
        sys.expect("16", "stat", N0, "size");
        assertContent(N0, new byte[16]);
    }

    @Test
    void modesThatMoveDataAreRefused() {
        sys.expect("0", "open", N0, "O_CREAT,O_RDWR", "0644", ":", "posix_fallocate", "0", "0", "8192");
        sys.expect("ENOTSUP", "open", N0, "O_RDWR", ":", "fallocate", "0", "COLLAPSE_RANGE", "0", "4096");
        sys.expect("ENOTSUP", "open", N0, "O_RDWR", ":", "fallocate", "0", "INSERT_RANGE", "0", "4096");
        sys.expect("ENOTSUP", "open", N0, "O_RDWR", ":", "fallocate", "0", "PUNCH_HOLE", "0", "4096");
        sys.expect("8192", "stat", N0, "size");
    }

    @Test
    void aReadOnlyDescriptorOrABadRangeIsRefused() {
        sys.must("create", N0, "0644");
        sys.expect("EBADF", "open", N0, "O_RDONLY", ":", "posix_fallocate", "0", "0", "10");
        sys.expect("EINVAL", "open", N0, "O_RDWR", ":", "posix_fallocate", "0", "0", "0");
        sys.expect("EINVAL", "open", N0, "O_RDWR", ":", "posix_fallocate", "0", "-1", "10");
        sys.expect("EFBIG|EINVAL", "open", N0, "O_RDWR", ":", "posix_fallocate", "0", "0", "999999999999999999");
        sys.expect("0", "stat", N0, "size");
    }

    private void assertContent(String name, byte[] expected) {
        try {
            byte[] got = Files.readAllBytes(scratch.dir().resolve(name));
            assertArrayEquals(expected, got, name + " holds " + Arrays.toString(got));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
