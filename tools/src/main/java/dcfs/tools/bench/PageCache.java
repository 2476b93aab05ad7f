package dcfs.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Drops the kernel's page cache so a read measures the filesystem, not memory. Needs root. */
final class PageCache {
    private static final Path DROP = Path.of("/proc/sys/vm/drop_caches");

    private PageCache() {
    }

    static boolean canDrop() {
        return Files.isWritable(DROP);
    }

    static void drop() throws IOException {
        ExternalCommand.of("sync").run();
        if (canDrop()) {
            Files.writeString(DROP, "3\n");
        }
    }
}
