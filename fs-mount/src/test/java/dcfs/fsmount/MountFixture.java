package dcfs.fsmount;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real dcfs mount in this JVM (the same {@link MountRunner} code {@code dcfs mount --foreground}
 * runs), on a fresh mount point and home under a temporary directory. Closing always unmounts, also
 * when a test failed half way.
 */
final class MountFixture implements AutoCloseable {
    final Path base;
    final Path mnt;
    final Path home;
    MountRunner.Running running;

    MountFixture() throws Exception {
        this(FuseTuning.defaults(false));
    }

    MountFixture(FuseTuning tuning) throws Exception {
        assumeFuse();
        base = Files.createTempDirectory("dcfs-mount-test");
        // other uids (permission tests) must be able to reach the mount point
        Files.setPosixFilePermissions(base, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        mnt = Files.createDirectory(base.resolve("mnt"));
        home = base.resolve("home");
        mount(tuning);
    }

    static void assumeFuse() {
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/fusermount")) || Files.isExecutable(Path.of("/bin/fusermount")),
                "no fusermount");
    }

    void mount(FuseTuning tuning) throws MountFailure {
        running = MountRunner.start(new MountRequest(mnt, home, null,
                dcfs.vfs.VfsConfig.defaults().withCacheBytes(64L << 20), tuning));
    }

    void unmount() throws MountFailure {
        if (running != null) {
            MountRunner.Running r = running;
            running = null;
            r.close();
        }
    }

    Path p(String rel) {
        return mnt.resolve(rel);
    }

    @Override
    public void close() throws Exception {
        try {
            unmount();
        } finally {
            if (MountTable.find(mnt).isPresent()) {
                Fusermount.unmount(mnt, true);
            }
            deleteTree(base);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
