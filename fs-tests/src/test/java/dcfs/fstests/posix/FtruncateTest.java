package dcfs.fstests.posix;

import org.junit.jupiter.api.Test;

/** ftruncate(2): pjdfstest tests/ftruncate. The descriptor carries the right to write, not the mode. */
class FtruncateTest extends PosixTest {

    @Test
    void extendsAndShrinks() {
        sys.expect("1234567", "open", N0, "O_CREAT,O_RDWR", "0644", ":", "ftruncate", "0", "1234567",
                ":", "fstat", "0", "size");
        sys.expect("1234567", "stat", N0, "size");
        sys.expect("567", "open", N0, "O_RDWR", ":", "ftruncate", "0", "567", ":", "fstat", "0", "size");
        sys.expect("0", "open", N0, "O_WRONLY", ":", "ftruncate", "0", "0", ":", "fstat", "0", "size");
    }

    @Test
    void updatesMtimeAndCtime() {
        sys.must("create", N0, "0644");
        long mtime = stat(N0, "mtime_ns");
        long ctime = stat(N0, "ctime_ns");
        pause();
        sys.expect("0", "open", N0, "O_RDWR", ":", "ftruncate", "0", "123");
        assertIncreased(mtime, stat(N0, "mtime_ns"), "mtime after ftruncate");
        assertIncreased(ctime, stat(N0, "ctime_ns"), "ctime after ftruncate");
    }

    /** Permission was checked at open: a mode changed since then does not matter (pjdfstest ftruncate/00). */
    @Test
    void worksOnAWritableDescriptorWhateverTheModeNow() {
        sys.must("create", N0, "0644", ":", "chown", N0, "65534", "65534");
        sys.expectAs("0", NOBODY, "open", N0, "O_RDWR", ":", "fchmod", "0", "0444", ":", "ftruncate", "0", "42");
        sys.expect("42,0444", "stat", N0, "size,mode");
        sys.expectAs("EACCES", NOBODY, "open", N0, "O_RDWR");
    }

    @Test
    void aReadOnlyDescriptorIsRefused() {
        sys.must("create", N0, "0644");
        sys.expect("EINVAL|EBADF", "open", N0, "O_RDONLY", ":", "ftruncate", "0", "10");
        sys.expect("0", "stat", N0, "size");
    }

    @Test
    void negativeLengthIsEINVAL() {
        sys.must("create", N0, "0644");
        sys.expect("EINVAL", "open", N0, "O_RDWR", ":", "ftruncate", "0", "-1");
    }

    @Test
    void aDirectoryDescriptorIsRefused() {
        sys.must("mkdir", N0, "0755");
        sys.expect("EINVAL|EBADF|EISDIR", "open", N0, "O_RDONLY", ":", "ftruncate", "0", "10");
    }

    @Test
    void lengthBeyondTheLargestFileIsRefused() {
        sys.expect("EFBIG|EINVAL", "open", N0, "O_CREAT,O_RDWR", "0644", ":", "ftruncate", "0", "999999999999999999");
    }
}
