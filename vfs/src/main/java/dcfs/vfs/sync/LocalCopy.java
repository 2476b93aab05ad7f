package dcfs.vfs.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * What makes {@code HOME/meta} one particular copy of a filesystem's metadata: a random id, made
 * when the copy is created or rebuilt from the nodes, and whether it has ever been shipped. Kept in
 * {@code HOME/meta/network.properties} (outside LMDB: it describes the copy, not the filesystem, and
 * must not travel in checkpoints).
 *
 * <p>Every superblock names the copy whose mount wrote it; a mount may go on from its local
 * metadata only if the superblock names its copy — otherwise someone else wrote since and the local
 * copy is rebuilt from the nodes.
 *
 * @param shipped whether a superblock ever pointed at this copy's metadata (then a missing superblock
 *                means the wrong nodes, not a new filesystem)
 */
public record LocalCopy(RandomId id, boolean shipped) {
    static final String FILE = "network.properties";

    /** Whether {@code dir} holds LMDB metadata at all. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve("data.mdb"));
    }

    /** The copy in {@code dir}; a copy without the file (made before the network stage) gets an id now. */
    public static LocalCopy read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            LocalCopy c = new LocalCopy(RandomId.random(), false);
            c.write(dir);
            return c;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
        }
        try {
            return new LocalCopy(RandomId.parse(p.getProperty("copy", "")), Boolean.parseBoolean(p.getProperty("shipped")));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + " is damaged (" + e.getMessage() + "); remove it to rebuild the metadata from "
                    + "the nodes");
        }
    }

    public LocalCopy markShipped() {
        return new LocalCopy(id, true);
    }

    /** Writes the file atomically and durably (temp file, fsync, rename). */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("copy", id.hex());
        p.setProperty("shipped", Boolean.toString(shipped));
        Path tmp = dir.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "dcfs: this copy of the filesystem's metadata (docs/metadata.md)");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
