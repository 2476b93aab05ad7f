package dcfs.fstests.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.fstests.mount.ChildProcess;
import dcfs.fstests.mount.FilesystemUnderTest;
import dcfs.fstests.mount.MountExtension;
import dcfs.fstests.mount.Scratch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * rsync -a of the source tree into the mount and back out: byte-identical (diff -r), modes, owners,
 * mtimes and symlinks kept (a listing of every entry compared), and a checksum pass over the copy
 * in the mount finds nothing to send. With -H the hard links come through too.
 */
@ExtendWith(MountExtension.class)
class RsyncTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void inAndOutByteIdentical(FilesystemUnderTest fut, Scratch scratch) throws Exception {
        Path source = GeneratedTree.in(fut);
        Path inMount = scratch.dir().resolve("copy");
        Path back = scratch.localWork().resolve("back");
        Commands rsync = new Commands(scratch.dir());
        rsync.run("rsync", "-a", source + "/", inMount + "/");
        rsync.run("rsync", "-a", inMount + "/", back + "/");

        for (Path copy : List.of(inMount, back)) {
            ChildProcess.Result diff = rsync.attempt("diff", "-r", "--no-dereference", source.toString(), copy.toString());
            assertTrue(diff.succeeded(), "diff -r " + source + " " + copy + ": " + diff.describe());
        }
        TreeSnapshot expected = TreeSnapshot.of(source);
        assertEquals(List.of(), expected.differences(TreeSnapshot.of(inMount), TreeSnapshot.Fields.WITHOUT_HARD_LINKS, 30),
                "rsync -a into the mount");
        assertEquals(List.of(), expected.differences(TreeSnapshot.of(back), TreeSnapshot.Fields.WITHOUT_HARD_LINKS, 30),
                "rsync -a out of the mount");

        String changes = rsync.run("rsync", "-a", "--checksum", "--dry-run", "--itemize-changes", source + "/", inMount + "/");
        assertEquals("", changes, "a checksum comparison finds nothing to send");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void hardLinksWithH(FilesystemUnderTest fut, Scratch scratch) throws Exception {
        Path source = GeneratedTree.in(fut);
        Path inMount = scratch.dir().resolve("copy");
        new Commands(scratch.dir()).run("rsync", "-aH", source + "/", inMount + "/");
        assertEquals(List.of(), TreeSnapshot.of(source).differences(TreeSnapshot.of(inMount), TreeSnapshot.Fields.ALL, 30),
                "rsync -aH into the mount keeps hard links");
    }
}
