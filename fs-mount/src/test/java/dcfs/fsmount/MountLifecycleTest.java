package dcfs.fsmount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mount as a separate process, started the way {@code dcfs mount} starts it (a background
 * JVM with the readiness line): kill -9, SIGTERM, umount through the control socket, clear errors.
 */
@Timeout(300)
class MountLifecycleTest {
    Path base;
    Path mnt;
    Path home;
    final List<Long> pids = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        MountFixture.assumeFuse();
        base = Files.createTempDirectory("dcfs-lifecycle");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        mnt = Files.createDirectory(base.resolve("mnt"));
        home = base.resolve("home");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (MountTable.find(mnt).isPresent()) {
            Fusermount.unmount(mnt, true);
        }
        MountFixture.deleteTree(base);
    }

    long startMount() throws MountFailure {
        List<String> cmd = JavaCommand.like(MountMain.class.getName(), List.of(mnt.toString(), home.toString()), 512);
        long pid = Detacher.start(cmd, base.resolve("mount.log"), Duration.ofSeconds(60));
        pids.add(pid);
        return pid;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static boolean exited(long pid, long seconds) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (Unmounter.isRunning(pid)) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void killMinus9ThenRemountKeepsWhatWasFsynced() throws Exception {
        long pid = startMount();
        byte[] kept = random(9 << 20, 1);
        try (FileChannel ch = FileChannel.open(mnt.resolve("kept"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(kept));
            ch.force(true);
        }
        Files.createDirectories(mnt.resolve("dir/sub"));
        Files.write(mnt.resolve("dir/sub/small"), "small".getBytes());
        try (FileChannel ch = FileChannel.open(mnt.resolve("kept"), StandardOpenOption.WRITE)) {
            ch.force(true); // the directory entries too: fsync makes all committed metadata durable
        }
        FileChannel open = FileChannel.open(mnt.resolve("unsynced"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        open.write(ByteBuffer.wrap(random(1 << 20, 2)));
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        assertTrue(exited(pid, 30));
        try {
            open.close();
        } catch (java.io.IOException expected) {
            // the mount is dead
        }
        assertTrue(MountTable.find(mnt).isPresent(), "a killed mount stays behind, dead");
        startMount(); // cleans up the dead mount first
        assertArrayEquals(kept, Files.readAllBytes(mnt.resolve("kept")));
        assertEquals("small", Files.readString(mnt.resolve("dir/sub/small")));
        try (var s = Files.list(mnt)) {
            assertTrue(s.count() >= 2);
        }
        assertTrue(Files.size(mnt.resolve("unsynced")) <= (1 << 20));
        assertEquals("unmounted " + mnt, Unmounter.unmount(mnt, Duration.ofSeconds(60)));
    }

    @Test
    void umountFlushesAndTheProcessExits() throws Exception {
        long pid = startMount();
        byte[] data = random(6 << 20, 3);
        Files.write(mnt.resolve("f"), data);
        Files.setLastModifiedTime(mnt.resolve("f"), java.nio.file.attribute.FileTime.fromMillis(123_000));
        assertEquals("unmounted " + mnt, Unmounter.unmount(mnt, Duration.ofSeconds(60)));
        assertTrue(exited(pid, 5));
        assertFalse(MountTable.find(mnt).isPresent());
        assertFalse(Files.exists(home.resolve("run/mount.info")));
        startMount();
        assertArrayEquals(data, Files.readAllBytes(mnt.resolve("f")));
        assertEquals(123_000, Files.getLastModifiedTime(mnt.resolve("f")).toMillis());
        Unmounter.unmount(mnt, Duration.ofSeconds(60));
    }

    @Test
    void sigtermFlushesUnmountsAndExitsZero() throws Exception {
        long pid = startMount();
        Files.write(mnt.resolve("t"), "term".getBytes());
        ProcessHandle.of(pid).orElseThrow().destroy(); // SIGTERM
        assertTrue(exited(pid, 60));
        assertFalse(MountTable.find(mnt).isPresent());
        String log = Files.readString(base.resolve("mount.log"));
        assertTrue(log.contains("SIGTERM") && log.contains("unmounted"), log);
        startMount();
        assertEquals("term", Files.readString(mnt.resolve("t")));
        Unmounter.unmount(mnt, Duration.ofSeconds(60));
    }

    @Test
    void clearErrors() throws Exception {
        MountFailure missing = assertThrows(MountFailure.class, () -> MountRunner.start(
                new MountRequest(base.resolve("nope"), home, null, dcfs.vfs.VfsConfig.defaults(),
                        FuseTuning.defaults(false))));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Files.write(mnt.resolve("occupied"), new byte[1]);
        MountFailure full = assertThrows(MountFailure.class, this::startMount);
        assertTrue(full.getMessage().contains("not empty"), full.getMessage());
        Files.delete(mnt.resolve("occupied"));
        MountFailure notMounted = assertThrows(MountFailure.class, () -> Unmounter.unmount(mnt, Duration.ofSeconds(5)));
        assertEquals(mnt + " is not mounted", notMounted.getMessage());
        MountFailure notDcfs = assertThrows(MountFailure.class,
                () -> Unmounter.unmount(Path.of("/proc"), Duration.ofSeconds(5)));
        assertTrue(notDcfs.getMessage().contains("not a dcfs mount"), notDcfs.getMessage());
        startMount();
        MountFailure busy = assertThrows(MountFailure.class, this::startMount);
        assertTrue(busy.getMessage().contains("already mounted"), busy.getMessage());
        Path other = Files.createDirectory(base.resolve("other"));
        MountFailure sameHome = assertThrows(MountFailure.class, () -> Detacher.start(
                JavaCommand.like(MountMain.class.getName(), List.of(other.toString(), home.toString()), 512),
                base.resolve("mount2.log"), Duration.ofSeconds(60)));
        assertTrue(sameHome.getMessage().contains("already mounted at " + mnt), sameHome.getMessage());
        try (FileChannel busyFile = FileChannel.open(mnt.resolve("open"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            MountFailure inUse = assertThrows(MountFailure.class, () -> Unmounter.unmount(mnt, Duration.ofSeconds(30)));
            assertTrue(inUse.getMessage().contains("busy"), inUse.getMessage());
        }
        Unmounter.unmount(mnt, Duration.ofSeconds(60));
    }
}
