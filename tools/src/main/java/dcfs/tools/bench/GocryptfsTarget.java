package dcfs.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** gocryptfs (Debian's package) over a directory of the same disk: the encrypted-mount anchor. */
final class GocryptfsTarget implements BenchTarget {
    private Path mountPoint;

    @Override
    public String name() {
        return "gocryptfs";
    }

    @Override
    public Path setUp(Path work) throws IOException {
        Path cipher = Files.createDirectories(work.resolve("gocryptfs.cipher"));
        mountPoint = Files.createDirectories(work.resolve("gocryptfs.mnt"));
        if (!Files.exists(cipher.resolve("gocryptfs.conf"))) {
            // -scryptn 10 only makes the one-time key derivation fast; it does not touch the data path.
            ExternalCommand.of("gocryptfs", "-q", "-init", "-extpass", "echo bench", "-scryptn", "10",
                    cipher.toString()).run();
        }
        ExternalCommand.of("gocryptfs", "-q", "-extpass", "echo bench", cipher.toString(), mountPoint.toString()).run();
        return mountPoint;
    }

    @Override
    public void tearDown() throws IOException {
        if (mountPoint != null) {
            Mounts.unmountFuse(mountPoint);
        }
    }
}
