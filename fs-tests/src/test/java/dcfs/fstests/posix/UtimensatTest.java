package dcfs.fstests.posix;

import dcfs.fstests.driver.Caller;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** utimensat(2) and futimens(2): pjdfstest tests/utimensat. */
class UtimensatTest extends PosixTest {
    static final PathProbe PROBE = PathProbe.onRegularFile("utimensat",
            p -> List.of("utimensat", p, "0", "UTIME_NOW", "0", "UTIME_NOW", "0"), true);
    // 1973-03-03 and 1976-05-03, with tenths of a second: every filesystem worth mounting keeps those
    static final String DATE1 = "100000000";
    static final String DATE1_NS = "100000000";
    static final String DATE2 = "200000000";
    static final String DATE2_NS = "200000000";

    @ParameterizedTest
    @EnumSource(value = FileType.class, mode = EnumSource.Mode.EXCLUDE, names = "SYMLINK")
    void setsBothTimesToTheNanosecond(FileType type) {
        create(type, N0);
        sys.expect("0", "utimensat", N0, DATE1, DATE1_NS, DATE2, DATE2_NS, "0");
        sys.expect(DATE1 + "," + DATE2, "stat", N0, "atime,mtime");
        sys.expect(DATE1 + "100000000," + DATE2 + "200000000", "stat", N0, "atime_ns,mtime_ns");
    }

    @Test
    void timesBeyond2038AndBefore1970() {
        sys.must("create", N0, "0644");
        sys.expect("0", "utimensat", N0, "4294967296", "0", "4294967297", "999999999", "0");
        sys.expect("4294967296,4294967297", "stat", N0, "atime,mtime");
        sys.expect("4294967297999999999", "stat", N0, "mtime_ns");
        sys.expect("0", "utimensat", N0, "-100", "0", "0", "0", "0");
        sys.expect("-100,0", "stat", N0, "atime,mtime");
    }

    @Test
    void nowSetsTheCurrentTime() {
        sys.must("create", N0, "0644", ":", "utimensat", N0, DATE1, "0", DATE1, "0", "0");
        long before = System.currentTimeMillis() / 1000 - 2;
        sys.expect("0", "utimensat", N0, "0", "UTIME_NOW", "0", "UTIME_NOW", "0");
        long after = System.currentTimeMillis() / 1000 + 2;
        long atime = stat(N0, "atime");
        long mtime = stat(N0, "mtime");
        sys.check(atime >= before && atime <= after, "atime " + atime + " should be now (" + before + ".." + after + ")");
        sys.check(mtime >= before && mtime <= after, "mtime " + mtime + " should be now (" + before + ".." + after + ")");
    }

    @Test
    void omitLeavesATimeAlone() {
        sys.must("create", N0, "0644", ":", "utimensat", N0, DATE1, DATE1_NS, DATE2, DATE2_NS, "0");
        sys.expect("0", "utimensat", N0, "12345", "UTIME_OMIT", DATE1, "0", "0");
        sys.expect(DATE1 + DATE1_NS + "," + DATE1 + "000000000", "stat", N0, "atime_ns,mtime_ns");
        sys.expect("0", "utimensat", N0, DATE2, "0", "0", "UTIME_OMIT", "0");
        sys.expect(DATE2 + "000000000," + DATE1 + "000000000", "stat", N0, "atime_ns,mtime_ns");
    }

    @Test
    void settingTimesUpdatesCtimeButOmittingBothDoesNot() {
        sys.must("create", N0, "0644");
        long ctime = stat(N0, "ctime_ns");
        pause();
        sys.expect("0", "utimensat", N0, DATE1, "0", DATE2, "0", "0");
        long after = stat(N0, "ctime_ns");
        assertIncreased(ctime, after, "ctime after setting times");
        pause();
        sys.expect("0", "utimensat", N0, "0", "UTIME_OMIT", "0", "UTIME_OMIT", "0");
        assertUnchanged(after, stat(N0, "ctime_ns"), "ctime after omitting both times");
    }

    /**
     * UTIME_NOW for both needs ownership or write permission; explicit times need ownership
     * (pjdfstest utimensat/05 and 06).
     */
    @Test
    void permissions() {
        sys.must("create", N0, "0644");
        sys.expectAs("EACCES", NOBODY, "utimensat", N0, "0", "UTIME_NOW", "0", "UTIME_NOW", "0");
        sys.expectAs("EPERM", NOBODY, "utimensat", N0, DATE1, "0", DATE2, "0", "0");
        sys.must("chown", N0, "65534", "65534", ":", "chmod", N0, "0444");
        sys.expectAs("0", NOBODY, "utimensat", N0, "0", "UTIME_NOW", "0", "UTIME_NOW", "0");
        sys.expectAs("0", NOBODY, "utimensat", N0, DATE1, "0", DATE2, "0", "0");
        sys.expect(DATE1 + "," + DATE2, "stat", N0, "atime,mtime");
        sys.expect("0", "utimensat", N0, "0", "UTIME_OMIT", "0", "UTIME_OMIT", "0");
        sys.must("chown", N0, "0", "0", ":", "chmod", N0, "0666");
        sys.expectAs("0", NOBODY, "utimensat", N0, "0", "UTIME_NOW", "0", "UTIME_NOW", "0");
        sys.expectAs("EPERM", NOBODY, "utimensat", N0, DATE1, "0", DATE2, "0", "0");
        sys.expectAs("EPERM", NOBODY, "utimensat", N0, "0", "UTIME_NOW", DATE2, "0", "0");
    }

    @Test
    void failureChangesNothing() {
        sys.must("create", N0, "0644", ":", "utimensat", N0, DATE1, "0", DATE2, "0", "0");
        long ctime = stat(N0, "ctime_ns");
        pause();
        sys.expectAs("EPERM", NOBODY, "utimensat", N0, "1", "0", "2", "0", "0");
        sys.expect(DATE1 + "," + DATE2, "stat", N0, "atime,mtime");
        assertUnchanged(ctime, stat(N0, "ctime_ns"), "ctime after a refused utimensat");
    }

    @Test
    void noFollowChangesTheSymlinkItself() {
        sys.must("create", N0, "0644", ":", "utimensat", N0, DATE1, "0", DATE1, "0", "0", ":", "symlink", N0, N1);
        sys.expect("0", "utimensat", N1, DATE2, "0", DATE2, "0", "AT_SYMLINK_NOFOLLOW");
        sys.expect(DATE2 + "," + DATE2, "lstat", N1, "atime,mtime");
        sys.expect(DATE1 + "," + DATE1, "stat", N0, "atime,mtime");
        sys.expect("0", "utimensat", N1, DATE2, "0", DATE2, "0", "0");
        sys.expect(DATE2 + "," + DATE2, "stat", N0, "atime,mtime");
    }

    @Test
    void outOfRangeNanosecondsAreEINVAL() {
        sys.must("create", N0, "0644");
        sys.expect("EINVAL", "utimensat", N0, DATE1, "1000000000", DATE2, "0", "0");
        sys.expect("EINVAL", "utimensat", N0, DATE1, "0", DATE2, "-1", "0");
    }

    @Test
    void futimensWorksOnADescriptor() {
        sys.must("create", N0, "0644", ":", "chown", N0, "65534", "65534");
        sys.expectAs("0", NOBODY, "open", N0, "O_RDONLY", ":", "futimens", "0", DATE1, "5", DATE2, "7");
        sys.expect(DATE1 + "000000005," + DATE2 + "000000007", "stat", N0, "atime_ns,mtime_ns");
        sys.expectAs("EPERM", Caller.user(65533, 65533), "open", N0, "O_RDONLY", ":", "futimens", "0", DATE1, "0", DATE2, "0");
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void pathResolution(PathFault fault) {
        fault.run(sys, PROBE);
    }
}
