package dcfs.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A plain directory on the local disk: the ceiling every mount is compared with. */
record LocalDirTarget() implements BenchTarget {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public Path setUp(Path work) throws IOException {
        return Files.createDirectories(work.resolve("local"));
    }

    @Override
    public void tearDown() {
        // nothing mounted
    }
}
