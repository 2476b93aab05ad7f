package dcfs.fstests.posix;

import org.junit.jupiter.api.Test;

/**
 * write(2) and read(2) as far as metadata goes (the bytes themselves are the fsx exerciser's job):
 * which timestamps they move, writes past the end, and a descriptor's rights outliving a chmod.
 */
class ReadWriteTest extends PosixTest {

    @Test
    void writeUpdatesMtimeAndCtime() {
        sys.must("create", N0, "0644");
        long mtime = stat(N0, "mtime_ns");
        long ctime = stat(N0, "ctime_ns");
        pause();
        sys.expect("0", "open", N0, "O_WRONLY", ":", "write", "0", "data");
        assertIncreased(mtime, stat(N0, "mtime_ns"), "mtime after write");
        assertIncreased(ctime, stat(N0, "ctime_ns"), "ctime after write");
        mtime = stat(N0, "mtime_ns");
        pause();
        sys.expect("0", "open", N0, "O_WRONLY", ":", "pwrite", "0", "2", "XY");
        assertIncreased(mtime, stat(N0, "mtime_ns"), "mtime after pwrite");
    }

    @Test
    void readDoesNotTouchMtimeOrCtime() {
        sys.must("open", N0, "O_CREAT,O_WRONLY", "0644", ":", "write", "0", "data");
        long mtime = stat(N0, "mtime_ns");
        long ctime = stat(N0, "ctime_ns");
        pause();
        sys.expect("data", "open", N0, "O_RDONLY", ":", "read", "0", "10");
        assertUnchanged(mtime, stat(N0, "mtime_ns"), "mtime after read");
        assertUnchanged(ctime, stat(N0, "ctime_ns"), "ctime after read");
    }

    /**
     * A read marks atime when it is not newer than mtime: the least any mount does short of
     * noatime (relatime, Linux's default), and what tools like mail readers rely on.
     */
    @Test
    void readAfterWriteUpdatesAtime() {
        sys.must("create", N0, "0644", ":", "utimensat", N0, "100000000", "0", "100000000", "0", "0");
        sys.must("open", N0, "O_WRONLY", ":", "write", "0", "fresh");
        long mtime = stat(N0, "mtime_ns");
        sys.expect("fresh", "open", N0, "O_RDONLY", ":", "read", "0", "10");
        long atime = stat(N0, "atime_ns");
        sys.check(atime >= mtime, "atime (" + atime + ") should have caught up with mtime (" + mtime + ") after a read");
    }

    @Test
    void writingPastTheEndLeavesAHoleOfZeros() {
        sys.expect("0", "open", N0, "O_CREAT,O_RDWR", "0644", ":", "pwrite", "0", "10", "end");
        sys.expect("13", "stat", N0, "size");
        sys.expect("ab", "open", N0, "O_RDWR", ":", "write", "0", "ab", ":", "close", "0",
                ":", "open", N0, "O_RDONLY", ":", "read", "1", "10");
        sys.check(sys.call("open", N0, "O_RDONLY", ":", "read", "0", "20").equals("ab"),
                "the hole reads as NUL bytes, so the driver's string stops after \"ab\"");
    }

    @Test
    void aDescriptorKeepsItsRightsAfterChmod() {
        sys.must("create", N0, "0644", ":", "chown", N0, "65534", "65534");
        sys.expectAs("0", NOBODY, "open", N0, "O_WRONLY", ":", "fchmod", "0", "0444", ":", "write", "0", "still writable");
        sys.expect("14", "stat", N0, "size");
        sys.expectAs("EACCES", NOBODY, "open", N0, "O_WRONLY");
    }

    @Test
    void writeToADescriptorOpenForReadingIsEBADF() {
        sys.must("create", N0, "0644");
        sys.expect("EBADF", "open", N0, "O_RDONLY", ":", "write", "0", "x");
        sys.expect("EBADF", "open", N0, "O_WRONLY", ":", "read", "0", "1");
    }

    @Test
    void fsyncSucceeds() {
        sys.expect("0", "open", N0, "O_CREAT,O_RDWR", "0644", ":", "write", "0", "durable", ":", "fsync", "0");
        sys.expect("0", "mkdir", N1, "0755", ":", "open", N1, "O_RDONLY", ":", "fsync", "0");
    }
}
