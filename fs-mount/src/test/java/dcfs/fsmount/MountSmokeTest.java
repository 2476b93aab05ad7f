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
            roundTrip(m);
        }
    }

    /** The jnr-fuse high-level adapter, kept for comparison (-o fuse_api=high), still works. */
    @Test
    void highLevelApiStillWorks() throws Exception {
        try (MountFixture m = new MountFixture(FuseTuning.defaults(false).withApi(FuseTuning.Api.HIGH_LEVEL))) {
            roundTrip(m);
        }
    }

    private static void roundTrip(MountFixture m) throws Exception {
        Files.write(m.p("hello"), "world".getBytes());
        assertArrayEquals("world".getBytes(), Files.readAllBytes(m.p("hello")));
        Files.createDirectory(m.p("d"));
        try (var s = Files.list(m.mnt)) {
            assertEquals(2, s.count());
        }
    }
}
