package dcfs.fsmount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class MountSmokeTest {
    @Test
    void writeAndReadBack() throws Exception {
        try (MountFixture m = new MountFixture()) {
            Files.write(m.p("hello"), "world".getBytes());
            assertArrayEquals("world".getBytes(), Files.readAllBytes(m.p("hello")));
            Files.createDirectory(m.p("d"));
            try (var s = Files.list(m.mnt)) {
                assertEquals(2, s.count());
            }
        }
    }
}
