package dcfs.fstests.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The one filesystem a test run works against, opened on first use and closed when the run ends:
 * every test class shares it, each test in its own {@link Scratch} directory.
 *
 * <p>Selection: {@code -Ddcfs.fstests.target} if given (and then it must work); otherwise dcfs,
 * falling back to the local disk only while {@code dcfs mount} answers "not built yet", so the
 * default run checks dcfs as soon as the mount exists, and checks the suite before that.
 */
public final class FilesystemUnderTest implements AutoCloseable {
    private final Path work;
    private final MountedFilesystem fs;
    private final String note;

    private FilesystemUnderTest(Path work, MountedFilesystem fs, String note) {
        this.work = work;
        this.fs = fs;
        this.note = note;
    }

    public static FilesystemUnderTest open() {
        try {
            Path work = Files.createTempDirectory("dcfs-fstests-");
            Permissions.openToAll(work);
            var requested = FsTarget.requested();
            FsTarget target = requested.orElse(FsTarget.DCFS);
            if (target.needsFuse()) {
                Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")),
                        "this machine has no /dev/fuse: " + target.id() + " cannot be mounted here");
            }
            try {
                return new FilesystemUnderTest(work, openTarget(target, work), "target " + target.id()
                        + (requested.isPresent() ? " (requested)" : " (default)"));
            } catch (Dcfs.NotBuilt notBuilt) {
                if (requested.isPresent()) {
                    throw notBuilt;
                }
                String note = "target local: the default target dcfs is not usable yet (" + notBuilt.getMessage()
                        + "); running against the local disk instead";
                System.err.println("dcfs fs-tests: " + note);
                return new FilesystemUnderTest(work, LocalDirectory.create(work), note);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not set up the filesystem under test", e);
        }
    }

    private static MountedFilesystem openTarget(FsTarget target, Path work) throws IOException {
        return switch (target) {
            case LOCAL -> LocalDirectory.create(work);
            case GOCRYPTFS -> Gocryptfs.create(work);
            case DCFS -> Dcfs.create(work);
        };
    }

    public MountedFilesystem filesystem() {
        return fs;
    }

    /** A directory outside the filesystem under test, on the local disk, for sources and copies. */
    public Path localWork() {
        return work;
    }

    /** Which target runs and why (printed in the run's report). */
    public String note() {
        return note;
    }

    @Override
    public void close() throws IOException {
        try {
            fs.close();
        } finally {
            List<MountTable.Entry> leaks = MountTable.fuseMountsUnder(work);
            if (leaks.isEmpty()) {
                removeTree(work);
            } else {
                throw new IOException("FUSE mounts left behind under " + work + ": " + leaks);
            }
        }
    }

    /** rm -rf: handles trees deeper than PATH_MAX, which the suite builds on purpose. */
    static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        ChildProcess.Result r = ChildProcess.of("rm", "-rf", "--one-file-system", dir.toString())
                .withTimeout(Duration.ofMinutes(5)).run();
        if (!r.succeeded()) {
            throw new IOException("could not remove " + dir + ": " + r.describe());
        }
    }
}
