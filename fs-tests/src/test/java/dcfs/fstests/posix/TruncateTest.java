package dcfs.fstests.posix;

import dcfs.fstests.mount.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** truncate(2): pjdfstest tests/truncate. */
class TruncateTest extends PosixTest {
    static final PathProbe PROBE = PathProbe.onRegularFile("truncate", p -> List.of("truncate", p, "123"), true);

    @Test
    void extendsWithZerosAndShrinks() {
        sys.must("open", N0, "O_CREAT,O_WRONLY", "0644", ":", "write", "0", "abcdef");
        sys.expect("0", "truncate", N0, "1234567");
        sys.expect("1234567", "stat", N0, "size");
        sys.expect("abcdef", "open", N0, "O_RDONLY", ":", "read", "0", "100");
        sys.expect("0", "truncate", N0, "3");
        sys.expect("3", "stat", N0, "size");
        sys.expect("abc", "open", N0, "O_RDONLY", ":", "read", "0", "100");
        sys.expect("0", "truncate", N0, "0");
        sys.expect("0", "stat", N0, "size");
    }

    /** Bytes past a shrink are gone: extending again reads zeros there, not the old data. */
    @Test
    void shrinkThenExtendReadsZeros() throws IOException {
        Path f = scratch.dir().resolve(N0);
        Files.write(f, "0123456789".getBytes());
        sys.expect("0", "truncate", N0, "4");
        sys.expect("0", "truncate", N0, "10");
        byte[] got = Files.readAllBytes(f);
        sys.check(java.util.Arrays.equals(got, new byte[] {'0', '1', '2', '3', 0, 0, 0, 0, 0, 0}),
                "after truncate to 4 and back to 10 the file should be 0123 then six zeros, was " + java.util.Arrays.toString(got));
    }

    @Test
    void updatesMtimeAndCtime() {
        sys.must("create", N0, "0644");
        long mtime = stat(N0, "mtime_ns");
        long ctime = stat(N0, "ctime_ns");
        pause();
        sys.expect("0", "truncate", N0, "123");
        assertIncreased(mtime, stat(N0, "mtime_ns"), "mtime after truncate");
        assertIncreased(ctime, stat(N0, "ctime_ns"), "ctime after truncate");
    }

    @Test
    void failureChangesNoTimes() {
        sys.must("create", N0, "0644");
        long mtime = stat(N0, "mtime_ns");
        long ctime = stat(N0, "ctime_ns");
        pause();
        sys.expectAs("EACCES", NOBODY, "truncate", N0, "123");
        assertUnchanged(mtime, stat(N0, "mtime_ns"), "mtime after a refused truncate");
        assertUnchanged(ctime, stat(N0, "ctime_ns"), "ctime after a refused truncate");
        sys.expect("0", "stat", N0, "size");
    }

    @Test
    void needsWritePermissionOnTheFile() {
        sys.must("create", N0, "0644", ":", "chown", N0, "65534", "65534");
        sys.expectAs("0", NOBODY, "truncate", N0, "10");
        sys.must("chmod", N0, "0444");
        sys.expectAs("EACCES", NOBODY, "truncate", N0, "20");
        sys.must("chmod", N0, "0666");
        sys.expectAs("0", OTHER, "truncate", N0, "30");
        sys.expect("30", "stat", N0, "size");
    }

    @Test
    void followsASymlink() {
        sys.must("create", N0, "0644", ":", "symlink", N0, N1);
        sys.expect("0", "truncate", N1, "77");
        sys.expect("77", "stat", N0, "size");
        sys.expect("symlink", "lstat", N1, "type");
    }

    @Test
    void directoriesAreEISDIR() {
        sys.must("mkdir", N0, "0755");
        sys.expect("EISDIR", "truncate", N0, "123");
    }

    @ParameterizedTest
    @EnumSource(value = FileType.class, names = {"FIFO", "SOCKET"})
    void specialFilesAreRefused(FileType type) {
        create(type, N0, "0666");
        sys.expect("EINVAL|EACCES|ENXIO|EISDIR", "truncate", N0, "123");
    }

    @Test
    void negativeLengthIsEINVAL() {
        sys.must("create", N0, "0644");
        sys.expect("EINVAL", "truncate", N0, "-1");
        sys.expect("0", "stat", N0, "size");
    }

    /** Past the largest file the filesystem can hold: EFBIG, or EINVAL (pjdfstest truncate/12). */
    @Test
    void lengthBeyondTheLargestFileIsRefused() {
        sys.must("create", N0, "0644");
        sys.expect("EFBIG|EINVAL", "truncate", N0, "999999999999999999");
        sys.expect("0", "stat", N0, "size");
    }

    /** A program running from the file may not be truncated under it (pjdfstest truncate/11). */
    @Test
    void aRunningProgramIsETXTBSY() throws Exception {
        Path program = scratch.dir().resolve("sleeper");
        Files.copy(Path.of("/bin/sleep"), program);
        sys.must("chmod", "sleeper", "0755");
        Process running = new ProcessBuilder(program.toString(), "30").start();
        try {
            // the child runs our copy once the kernel names it as the process's executable
            Path exe = Path.of("/proc", Long.toString(running.pid()), "exe");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (running.isAlive() && System.nanoTime() < deadline && !runs(exe, program)) {
                Thread.sleep(10);
            }
            sys.check(running.isAlive(), "the copied program should be running from the mount");
            sys.expect("ETXTBSY", "truncate", "sleeper", "0");
            sys.expect("ETXTBSY", "open", "sleeper", "O_WRONLY");
        } finally {
            ChildProcess.of("kill", "-9", Long.toString(running.pid())).run();
            running.waitFor(10, TimeUnit.SECONDS);
        }
        sys.expect("0", "truncate", "sleeper", "0");
    }

    private static boolean runs(Path exe, Path program) {
        try {
            return Files.readSymbolicLink(exe).equals(program);
        } catch (IOException notYet) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(PathFault.class)
    void pathResolution(PathFault fault) {
        fault.run(sys, PROBE);
    }
}
