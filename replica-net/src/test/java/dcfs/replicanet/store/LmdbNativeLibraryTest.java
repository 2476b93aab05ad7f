package dcfs.replicanet.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbNativeLibraryTest {
    @TempDir
    Path tmp;

    @Test
    void the_bundled_library_for_this_machine_is_found() throws IOException {
        String resource = LmdbNativeLibrary.bundledResource();
        assertNotNull(resource, "no lmdb library named for " + System.getProperty("os.arch"));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not on the class path");
        }
    }

    @Test
    void one_copy_is_extracted_and_then_reused() throws IOException {
        byte[] lib = new byte[4096];
        new Random(1).nextBytes(lib);
        Path first = LmdbNativeLibrary.extractOnce(lib, tmp);
        long modified = Files.getLastModifiedTime(first).toMillis();
        Path second = LmdbNativeLibrary.extractOnce(lib, tmp);
        assertEquals(first, second);
        assertEquals(modified, Files.getLastModifiedTime(second).toMillis());
        assertArrayEquals(lib, Files.readAllBytes(first));
        try (Stream<Path> files = Files.list(first.getParent())) {
            assertEquals(1, files.count(), "no temporary files left beside the library");
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.getParent())));
    }

    @Test
    void a_changed_copy_is_replaced_by_the_bundled_bytes() throws IOException {
        byte[] lib = "the real library".getBytes();
        Path path = LmdbNativeLibrary.extractOnce(lib, tmp);
        Files.write(path, "planted".getBytes());
        assertEquals(path, LmdbNativeLibrary.extractOnce(lib, tmp));
        assertArrayEquals(lib, Files.readAllBytes(path));
    }

    @Test
    void a_directory_others_can_write_is_refused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("dcfs-" + System.getProperty("user.name")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> LmdbNativeLibrary.extractOnce(new byte[]{1}, tmp));
        assertTrue(e.getMessage().contains("not private"), e.getMessage());
    }

    @Test
    void this_test_jvm_loads_lmdb_from_the_shared_copy() throws IOException {
        LmdbNativeLibrary.install();
        String path = System.getProperty(LmdbNativeLibrary.PROPERTY);
        assertNotNull(path);
        assertTrue(Files.isRegularFile(Path.of(path)), path);
    }
}
