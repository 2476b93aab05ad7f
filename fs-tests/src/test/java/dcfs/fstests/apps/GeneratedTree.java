package dcfs.fstests.apps;

import dcfs.fstests.mount.FilesystemUnderTest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The run's one {@link SourceTree} on the local disk (made once, shared by the application tests,
 * removed with the run's work directory); {@code -Ddcfs.long=true} makes the big one.
 */
final class GeneratedTree {
    static final long SEED = 20_260_101L;
    static final SourceTree.Shape SHAPE = Boolean.getBoolean("dcfs.long") ? SourceTree.Shape.LONG : SourceTree.Shape.DEFAULT;
    private static Path made;

    private GeneratedTree() {
    }

    /** The tree's root directory, named "tree", made on first use. */
    static synchronized Path in(FilesystemUnderTest fut) throws IOException {
        Path root = fut.localWork().resolve("source").resolve("tree");
        if (made == null || !made.equals(root)) {
            SourceTree.create(root, SHAPE, SEED);
            made = root;
        }
        return root;
    }
}
