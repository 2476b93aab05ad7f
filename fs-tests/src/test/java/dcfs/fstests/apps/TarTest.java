package dcfs.fstests.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.fstests.mount.ChildProcess;
import dcfs.fstests.mount.FilesystemUnderTest;
import dcfs.fstests.mount.MountExtension;
import dcfs.fstests.mount.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GNU tar through the mount: a source tree of thousands of files is archived on the local disk,
 * extracted into the mount (as root, keeping owners and modes), archived again from the mount, and
 * the two archives must be byte for byte the same; the extracted tree must match the source entry
 * by entry (modes, owners, mtimes, symlinks, hard links, bytes).
 */
@ExtendWith(MountExtension.class)
class TarTest {
    // Deterministic archives: sorted names, numeric owners, gnu format (whole-second mtimes, no atime/ctime).
    private static final List<String> CREATE = List.of("tar", "--sort=name", "--format=gnu", "--numeric-owner", "-cf");

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void extractAndRecreateASourceTree(FilesystemUnderTest fut, Scratch scratch) throws Exception {
        Path source = GeneratedTree.in(fut);
        Path original = scratch.localWork().resolve("original.tar");
        Path again = scratch.localWork().resolve("from-mount.tar");
        Commands local = new Commands(source.getParent());
        local.run(cat(CREATE, original.toString(), "tree"));

        Path into = Files.createDirectory(scratch.dir().resolve("x"));
        new Commands(into).run("tar", "-xpf", original.toString());
        List<String> diff = TreeSnapshot.of(source).differences(TreeSnapshot.of(into.resolve("tree")),
                TreeSnapshot.Fields.ALL, 30);
        assertEquals(List.of(), diff, "the tree extracted into the mount differs from the source ("
                + SourceTree.describe(GeneratedTree.SHAPE) + ")");

        new Commands(into).run(cat(CREATE, again.toString(), "tree"));
        ChildProcess.Result cmp = local.attempt("cmp", original.toString(), again.toString());
        assertTrue(cmp.succeeded(), "the archive made from the mount differs from the original: " + cmp.stdout()
                + "\ntar listing differences: " + listingDiff(local, original, again));

        // and the archive read back out of the mount is intact
        Path archiveInMount = scratch.dir().resolve("copy.tar");
        Files.copy(original, archiveInMount);
        assertTrue(local.attempt("cmp", original.toString(), archiveInMount.toString()).succeeded(),
                "a " + Files.size(original) + "-byte archive copied into the mount reads back differently");
        assertTrue(local.attempt("tar", "-tf", archiveInMount.toString()).succeeded(), "tar can list the archive in the mount");
    }

    private static String listingDiff(Commands local, Path a, Path b) throws Exception {
        String la = local.run("tar", "--numeric-owner", "--full-time", "-tvf", a.toString());
        String lb = local.run("tar", "--numeric-owner", "--full-time", "-tvf", b.toString());
        List<String> x = la.lines().toList();
        List<String> y = lb.lines().toList();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.max(x.size(), y.size()) && out.length() < 3000; i++) {
            String p = i < x.size() ? x.get(i) : "(none)";
            String q = i < y.size() ? y.get(i) : "(none)";
            if (!p.equals(q)) {
                out.append("\n- ").append(p).append("\n+ ").append(q);
            }
        }
        return out.toString();
    }

    private static String[] cat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toArray(String[]::new);
    }
}
