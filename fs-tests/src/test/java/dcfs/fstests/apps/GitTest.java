package dcfs.fstests.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.fstests.mount.ChildProcess;
import dcfs.fstests.mount.FilesystemUnderTest;
import dcfs.fstests.mount.MountExtension;
import dcfs.fstests.mount.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * git with its repository in the mount: init, add a source tree, a series of commits that change,
 * add and delete files, log, gc (which packs and prunes: renames, big sequential writes, mmap'd
 * reads), fsck, checkout of an old commit, and a clone back to the local disk that must match.
 */
@ExtendWith(MountExtension.class)
class GitTest {
    private static final int LATER_COMMITS = 10;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void initAddCommitLogGcFsckClone(FilesystemUnderTest fut, Scratch scratch) throws Exception {
        Path source = GeneratedTree.in(fut);
        Path repo = scratch.dir().resolve("repo");
        Commands git = new Commands(scratch.dir()).withEnvironment(environment(scratch.localWork()));
        git.run("git", "init", "-q", "-b", "main", repo.toString());
        git = git.in(repo);
        // no background "gc --auto" after a commit: the one gc is ours, and it must not race another
        git.run("git", "config", "gc.auto", "0");
        git.run("git", "config", "maintenance.auto", "false");
        git.run("cp", "-a", source + "/.", repo.toString());
        // git keeps no empty directories; without them the clone can be compared with diff -r. The
        // multi-MiB files only cost compression time in gc here; tar and rsync carry them.
        git.run("sh", "-c", "rm -f large*.bin");
        git.run("find", ".", "-mindepth", "1", "-type", "d", "-empty", "-not", "-path", "./.git*", "-delete");
        git.run("git", "add", "-A");
        git.run("git", "commit", "-q", "-m", "import the source tree");

        // later commits: change some files, add one, remove one; remember one file's history
        List<Path> files;
        try (Stream<Path> s = Files.walk(repo)) {
            files = s.filter(p -> !p.startsWith(repo.resolve(".git")) && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && Files.isWritable(p) && p.getFileName().toString().startsWith("file")).sorted().toList();
        }
        Path tracked = files.getFirst();
        List<String> trackedVersions = new ArrayList<>(List.of(Files.readString(tracked)));
        for (int c = 1; c <= LATER_COMMITS; c++) {
            for (int i = 0; i < 20; i++) {
                Path f = files.get((c * 37 + i * 101) % files.size());
                Files.writeString(f, "change " + c + "." + i + "\n", StandardOpenOption.APPEND);
            }
            Files.writeString(tracked, "version " + c + "\n", StandardOpenOption.APPEND);
            trackedVersions.add(Files.readString(tracked));
            Files.writeString(repo.resolve("added-" + c + ".txt"), "added in commit " + c + "\n");
            Files.deleteIfExists(files.get(files.size() - c));
            git.run("git", "add", "-A");
            git.run("git", "commit", "-q", "-m", "change " + c);
        }

        assertEquals(1 + LATER_COMMITS, git.run("git", "log", "--oneline").lines().count(), "commits in the log");
        git.run("git", "gc", "-q", "--prune=now");
        ChildProcess.Result fsck = git.attempt("git", "fsck", "--full", "--strict", "--no-dangling");
        assertTrue(fsck.succeeded() && fsck.stdout().isBlank(), "git fsck after gc: " + fsck.describe());
        assertEquals("", git.run("git", "status", "--porcelain"), "the work tree matches HEAD after gc");
        assertTrue(git.run("git", "count-objects", "-v").contains("count: 0"), "gc left no loose objects");

        String rel = repo.relativize(tracked).toString();
        git.run("git", "checkout", "-q", "HEAD~5");
        assertEquals(trackedVersions.get(LATER_COMMITS - 5), Files.readString(tracked), rel + " at HEAD~5");
        git.run("git", "checkout", "-q", "main");
        assertEquals(trackedVersions.getLast(), Files.readString(tracked), rel + " back on main");

        Path clone = scratch.localWork().resolve("clone");
        git.run("git", "clone", "-q", repo.toString(), clone.toString());
        ChildProcess.Result diff = git.attempt("diff", "-r", "--no-dereference", "--exclude=.git", repo.toString(), clone.toString());
        assertTrue(diff.succeeded(), "a clone to the local disk differs from the work tree in the mount: " + diff.describe());
        assertEquals(1 + LATER_COMMITS, git.in(clone).run("git", "log", "--oneline").lines().count(), "commits in the clone");
    }

    /** No user or system configuration leaks in; fixed identities and dates make commits reproducible. */
    private static Map<String, String> environment(Path home) {
        return Map.of("HOME", home.toString(), "GIT_CONFIG_NOSYSTEM", "1", "GIT_AUTHOR_NAME", "dcfs fs-tests",
                "GIT_AUTHOR_EMAIL", "fs-tests@dcfs.invalid", "GIT_COMMITTER_NAME", "dcfs fs-tests",
                "GIT_COMMITTER_EMAIL", "fs-tests@dcfs.invalid", "GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z",
                "GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z");
    }
}
