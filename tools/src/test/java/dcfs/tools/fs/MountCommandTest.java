package dcfs.tools.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dcfs.fsmount.Fusermount;
import dcfs.fsmount.MountTable;
import dcfs.tools.ExitCodes;
import dcfs.tools.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code dcfs mount} and {@code dcfs umount} as users type them: exit codes and one-line errors. */
@Timeout(180)
class MountCommandTest {
    @TempDir
    Path dir;
    Path mnt;
    Path home;

    @BeforeEach
    void setUp() throws Exception {
        mnt = Files.createDirectory(dir.resolve("mnt"));
        home = dir.resolve("home");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (MountTable.find(mnt).isPresent()) {
            Main.run("umount", mnt.toString());
            if (MountTable.find(mnt).isPresent()) {
                Fusermount.unmount(mnt, true);
            }
        }
    }

    /** Runs the command; returns exit code and what it printed on stderr. */
    record Outcome(int code, String err, String out) {
    }

    static Outcome dcfs(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8).trim(), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    static void assumeFuse() {
        assumeTrue(Files.exists(Path.of("/dev/fuse")) && Files.isExecutable(Path.of("/usr/bin/fusermount")),
                "no FUSE here");
    }

    @Test
    void aMissingMountPointIsOneClearLine() {
        assumeFuse();
        Outcome o = dcfs("mount", dir.resolve("nope").toString(), "--home", home.toString());
        assertEquals(ExitCodes.FAILURE, o.code());
        assertEquals("dcfs mount: mount point " + dir.resolve("nope") + " does not exist", o.err());
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        Outcome o = dcfs("mount", mnt.toString(), "--home", home.toString(), "-o", "nosuchthing");
        assertEquals(ExitCodes.USAGE, o.code());
        assertTrue(o.err().startsWith("dcfs mount: unknown mount option 'nosuchthing'"), o.err());
        assertFalse(o.err().contains("\n"));
    }

    @Test
    void umountOfSomethingNotMounted() {
        Outcome o = dcfs("umount", mnt.toString());
        assertEquals(ExitCodes.FAILURE, o.code());
        assertEquals("dcfs umount: " + mnt + " is not mounted", o.err());
    }

    @Test
    void mountWriteUmountRemount() throws Exception {
        assumeFuse();
        assertEquals(ExitCodes.OK, dcfs("init", "--home", home.toString(), "--no-passphrase").code());
        Outcome m = dcfs("mount", mnt.toString(), "--home", home.toString(), "--cache-mb", "64");
        assertEquals(ExitCodes.OK, m.code(), m.err());
        assertTrue(MountTable.find(mnt).orElseThrow().isDcfs());
        Files.writeString(mnt.resolve("hello"), "world");
        Outcome again = dcfs("mount", mnt.toString(), "--home", home.toString());
        assertEquals(ExitCodes.FAILURE, again.code());
        assertEquals("dcfs mount: " + mnt + " is already mounted (fuse.dcfs)", again.err());
        Outcome u = dcfs("umount", mnt.toString());
        assertEquals(ExitCodes.OK, u.code(), u.err());
        assertFalse(MountTable.find(mnt).isPresent());
        assertEquals(ExitCodes.OK, dcfs("mount", mnt.toString(), "--home", home.toString(), "-o", "ro").code());
        assertEquals("world", Files.readString(mnt.resolve("hello")));
        assertEquals(ExitCodes.OK, dcfs("umount", mnt.toString()).code());
        assertTrue(Files.readString(home.resolve("logs/mount.log")).contains("unmounted"));
        // The embedded nodes kept the stripes under the home: six node stores, all written to.
        for (int i = 1; i <= 6; i++) {
            assertTrue(Files.isDirectory(home.resolve("cluster/node-" + i + "/store")), "node " + i);
        }
    }

    @Test
    void withoutAKeyringAndWithoutATerminalMountSaysToRunInit() {
        assumeFuse();
        Outcome o = dcfs("mount", mnt.toString(), "--home", home.toString());
        assertEquals(ExitCodes.FAILURE, o.code());
        assertEquals("dcfs mount: no keyring in " + home + ": run `dcfs init` first (or `dcfs init --mnemonic-file F` to restore one)",
                o.err());
    }
}
