package dcfs.fstests.fsx;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exerciser itself, on the local disk: it passes a sound file and catches a corrupted one. */
class ExerciserSelfTest {
    @TempDir
    Path dir;

    @Test
    void aSoundFilePasses() {
        assertDoesNotThrow(() -> new Exerciser(dir.resolve("f"), new FsxConfig(65536, 8192, 500, 1), dir.resolve("log")).run());
    }

    @Test
    void aFlippedByteIsCaughtWithTheSeedAndLog() {
        FsxConfig config = new FsxConfig(65536, 8192, 300, 42);
        Path file = dir.resolve("f");
        AssertionError e = assertThrows(AssertionError.class, () -> new Exerciser(file, config, dir.resolve("log"), i -> {
            if (i == config.operations() - 1) {
                flipMiddleByte(file);
            }
        }).run());
        assertTrue(e.getMessage().contains("-Ddcfs.fsx.seed=42"), e.getMessage());
        assertTrue(e.getMessage().contains("bad data"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("log")), "the full log is written");
    }

    @Test
    void aSeedNamesOneSequenceOfOperations() {
        FsxConfig config = new FsxConfig(1 << 20, 1 << 16, 0, 7);
        assertEquals(ops(config), ops(config));
    }

    @Test
    void holesReadAsZerosInTheModel() {
        FileModel m = new FileModel(100);
        m.write(10, new byte[] {1, 2, 3});
        m.truncate(11);
        m.truncate(50);
        byte[] expected = new byte[50];
        expected[10] = 1;
        assertEquals(50, m.size());
        assertEquals(-1, m.firstDifference(0, expected), "bytes cut by a truncate come back as zeros");
    }

    private static List<String> ops(FsxConfig config) {
        OpGenerator g = new OpGenerator(config, new Random(config.seed()));
        List<String> out = new ArrayList<>();
        int size = 0;
        for (int i = 0; i < 200; i++) {
            FsxOp op = g.next(size);
            out.add(op.toString());
            if (op instanceof FsxOp.Truncate t) {
                size = t.size();
            }
        }
        return out;
    }

    private static void flipMiddleByte(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long at = raf.length() / 2;
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0xff);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
