package dcfs.vfs.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryStripeStoreTest extends StripeStoreContract {
    @TempDir
    Path dir;

    @Override
    protected StripeStore newStore() throws Exception {
        return DirectoryStripeStore.open(dir.resolve("stripes"));
    }

    private Path file(StripeKey k) {
        return ((DirectoryStripeStore) store).pathOf(k);
    }

    @Test
    void aFlippedBitIsCorruptNotWrongData() throws Exception {
        byte[] data = bytes(200_000);
        store.put(key(0, 1), data, 0, data.length);
        try (RandomAccessFile f = new RandomAccessFile(file(key(0, 1)).toFile(), "rw")) {
            f.seek(StripeFileFormat.HEADER_SIZE + 70_000);
            int b = f.read();
            f.seek(StripeFileFormat.HEADER_SIZE + 70_000);
            f.write(b ^ 0x10);
        }
        assertThrows(StripeCorruptException.class, () -> store.get(key(0, 1)));
        // a range in another segment still reads and checks out
        assertArrayEquals(Arrays.copyOfRange(data, 0, 4096), store.get(key(0, 1), 0, 4096));
        assertThrows(StripeCorruptException.class, () -> store.get(key(0, 1), 69_000, 4096));
    }

    @Test
    void aTruncatedFileIsCorrupt() throws Exception {
        byte[] data = bytes(100_000);
        store.put(key(0, 1), data, 0, data.length);
        try (RandomAccessFile f = new RandomAccessFile(file(key(0, 1)).toFile(), "rw")) {
            f.setLength(50_000);
        }
        assertThrows(StripeCorruptException.class, () -> store.get(key(0, 1)));
        assertThrows(StripeCorruptException.class, () -> store.get(key(0, 1), 60_000, 100));
    }

    @Test
    void aFileUnderTheWrongNameIsCorrupt() throws Exception {
        byte[] data = bytes(1000);
        store.put(key(0, 1), data, 0, data.length);
        Files.createDirectories(file(key(0, 2)).getParent());
        Files.copy(file(key(0, 1)), file(key(0, 2)));
        assertThrows(StripeCorruptException.class, () -> store.get(key(0, 2)));
    }

    @Test
    void aNewerFormatVersionIsRefusedClearly() throws Exception {
        store.put(key(0, 1), bytes(10), 0, 10);
        try (RandomAccessFile f = new RandomAccessFile(file(key(0, 1)).toFile(), "rw")) {
            f.seek(StripeFileFormat.OFF_VERSION);
            f.write(9);
        }
        StripeCorruptException e = assertThrows(StripeCorruptException.class, () -> store.get(key(0, 1)));
        assertTrue(e.getMessage().contains("checksum") || e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        for (int i = 0; i < 10; i++) {
            store.put(key(i, 1), bytes(100), 0, 100);
        }
        try (var s = Files.walk(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }
}
