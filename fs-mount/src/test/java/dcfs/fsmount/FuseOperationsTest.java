package dcfs.fsmount;

import static dcfs.fsmount.Probe.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/** Each operation and its errno cases through a real mount, as the kernel reports them. */
@Timeout(120)
class FuseOperationsTest {
    static MountFixture m;
    Path d;

    /**
     * No attribute caching in the kernel here: libfuse 2's high-level API gives each name of a
     * hard-linked file its own kernel inode, so with caching, a change made through one name shows
     * through another only after attr_timeout (see docs/fs-mount.md). These tests check what dcfs
     * answers.
     */
    @BeforeAll
    static void mount() throws Exception {
        m = new MountFixture(FuseTuning.defaults(false).withTimeouts(0, 1, 1));
    }

    @AfterAll
    static void unmount() throws Exception {
        if (m != null) {
            m.close();
        }
    }

    @BeforeEach
    void dir(TestInfo info) throws Exception {
        d = Files.createDirectory(m.p(info.getTestMethod().orElseThrow().getName()));
    }

    String p(String rel) {
        return d.resolve(rel).toString();
    }

    static List<String> root(String... calls) {
        return Probe.asRoot(calls);
    }

    @Test
    void filesAndDirectories() {
        assertEquals(List.of("OK ", "OK ", "OK hello", "OK ", "OK world", "OK a,sub",
                        "ERR EEXIST", "ERR EEXIST", "ERR ENOENT", "ERR ENOTDIR", "ERR EISDIR", "ERR ENOTDIR",
                        "ERR ENOTEMPTY", "ERR ENOENT", "ERR EISDIR"),
                root(call("write", p("a"), "hello"),
                        call("mkdir", p("sub"), 0755),
                        call("read", p("a")),
                        call("write", p("sub/b"), "world"),
                        call("read", p("sub/b")),
                        call("listdir", d.toString()),
                        call("mkdir", p("sub"), 0755),
                        call("open", p("a"), "O_CREAT,O_EXCL,O_WRONLY"),
                        call("mkdir", p("nope/x"), 0755),
                        call("mkdir", p("a/x"), 0755),
                        call("unlink", p("sub")),
                        call("rmdir", p("a")),
                        call("rmdir", p("sub")),
                        call("unlink", p("missing")),
                        call("open", p("sub"), "O_WRONLY")));
    }

    @Test
    void namesAndPathLimits() {
        String n255 = "x".repeat(255);
        String n256 = "x".repeat(256);
        List<String> r = root(call("write", p(n255), "ok"), call("read", p(n255)), call("write", p(n256), "no"),
                call("mkdir", p(n256), 0755), call("symlink", "t".repeat(4096), p("longlink")));
        assertEquals(List.of("OK ", "OK ok", "ERR ENAMETOOLONG", "ERR ENAMETOOLONG", "ERR ENAMETOOLONG"), r);
    }

    @Test
    void symlinksAndLoops() {
        assertEquals(List.of("OK ", "OK ", "OK target", "OK data", "OK ", "OK ", "ERR ELOOP"),
                root(call("write", p("target"), "data"),
                        call("symlink", "target", p("link")),
                        call("readlink", p("link")),
                        call("read", p("link")),
                        call("symlink", "l2", p("l1")),
                        call("symlink", "l1", p("l2")),
                        call("read", p("l1"))));
        Map<String, Long> st = Probe.stat(root(call("lstat", p("link"))).getFirst());
        assertEquals(0120000, st.get("type"));
        assertEquals(6, st.get("size"));
    }

    @Test
    void renames() {
        assertEquals(List.of("OK ", "OK ", "OK ", "OK A", "ERR ENOENT",
                        "OK ", "OK ", "ERR EINVAL", "ERR EISDIR", "ERR ENOTDIR", "OK ", "ERR ENOTEMPTY", "OK "),
                root(call("write", p("a"), "A"),
                        call("write", p("b"), "B"),
                        call("rename", p("a"), p("b")),
                        call("read", p("b")),
                        call("read", p("a")),
                        call("mkdir", p("d1"), 0755),
                        call("mkdir", p("d1/inner"), 0755),
                        call("rename", p("d1"), p("d1/inner/x")),
                        call("rename", p("b"), p("d1")),
                        call("rename", p("d1"), p("b")),
                        call("mkdir", p("d2"), 0755),
                        call("rename", p("d2"), p("d1")),
                        call("rename", p("d1"), p("d2"))));
        Map<String, Long> st = Probe.stat(root(call("stat", p("d2"))).getFirst());
        assertEquals(3, st.get("nlink"), "d2 holds inner");
    }

    @Test
    void hardLinksShowOneInode() {
        List<String> r = root(call("write", p("a"), "x"), call("link", p("a"), p("b")), call("stat", p("a")),
                call("stat", p("b")), call("link", p("a"), p("b")), call("mkdir", p("dir"), 0755),
                call("link", p("dir"), p("dirlink")));
        Map<String, Long> a = Probe.stat(r.get(2));
        Map<String, Long> b = Probe.stat(r.get(3));
        assertEquals(a.get("ino"), b.get("ino"));
        assertEquals(2, a.get("nlink"));
        assertEquals("ERR EEXIST", r.get(4));
        assertEquals("ERR EPERM", r.get(6));
        List<String> after = root(call("unlink", p("a")), call("stat", p("b")), call("read", p("b")));
        assertEquals(1, Probe.stat(after.get(1)).get("nlink"));
        assertEquals("OK x", after.get(2));
    }

    @Test
    void modesOwnersAndTimes() {
        List<String> r = root(call("write", p("f"), "x"), call("chmod", p("f"), 04751), call("chown", p("f"), 123, 456),
                call("stat", p("f")), call("utimens", p("f"), 1000, 5, 2000, 7), call("stat", p("f")),
                call("utimens", p("f"), 0, "omit", 3000, 0), call("stat", p("f")));
        Map<String, Long> s1 = Probe.stat(r.get(3));
        assertEquals(0751, s1.get("perm"), "chown cleared setuid");
        assertEquals(123, s1.get("uid"));
        assertEquals(456, s1.get("gid"));
        Map<String, Long> s2 = Probe.stat(r.get(5));
        assertEquals(1000_000_000_005L, s2.get("atime"));
        assertEquals(2000_000_000_007L, s2.get("mtime"));
        Map<String, Long> s3 = Probe.stat(r.get(7));
        assertEquals(1000_000_000_005L, s3.get("atime"), "UTIME_OMIT left atime alone");
        assertEquals(3000_000_000_000L, s3.get("mtime"));
        assertTrue(s3.get("ctime") >= s2.get("ctime"));
    }

    @Test
    void truncateAndSizes() {
        List<String> r = root(call("write", p("t"), "0123456789"), call("truncate", p("t"), 4), call("read", p("t")),
                call("truncate", p("t"), 8), call("stat", p("t")), call("truncate", p("t"), -1));
        assertEquals("OK 0123", r.get(2));
        assertEquals(8, Probe.stat(r.get(4)).get("size"));
        assertEquals("ERR EINVAL", r.get(5));
    }

    @Test
    void specialFilesAndXattrs() {
        List<String> r = root(call("mkfifo", p("fifo"), 0644), call("stat", p("fifo")),
                call("mknod", p("null"), 0020666, 0x0103), call("stat", p("null")),
                call("write", p("x"), ""), call("setxattr", p("x"), "user.color", "blue"),
                call("getxattr", p("x"), "user.color"), call("listxattr", p("x")),
                call("getxattr", p("x"), "user.none"), call("setxattr", p("x"), "user.color", "red", 1),
                call("removexattr", p("x"), "user.color"), call("removexattr", p("x"), "user.color"),
                call("getxattr", p("x"), "system.posix_acl_access"));
        assertEquals(010000, Probe.stat(r.get(1)).get("type"));
        assertEquals(020000, Probe.stat(r.get(3)).get("type"));
        assertEquals(List.of("OK ", "OK blue", "OK user.color", "ERR ENODATA", "ERR EEXIST", "OK ", "ERR ENODATA"),
                r.subList(5, 12));
        assertTrue(r.get(12).equals("ERR ENOTSUP") || r.get(12).equals("ERR EOPNOTSUPP"), r.get(12));
    }

    @Test
    void directoryLinkCountsAndInodeNumbers() {
        List<String> r = root(call("mkdir", p("a"), 0755), call("mkdir", p("a/b"), 0755), call("mkdir", p("a/c"), 0755),
                call("stat", p("a")), call("rmdir", p("a/b")), call("stat", p("a")), call("stat", p("a/c")));
        assertEquals(4, Probe.stat(r.get(3)).get("nlink"));
        assertEquals(3, Probe.stat(r.get(5)).get("nlink"));
        assertNotEquals(Probe.stat(r.get(5)).get("ino"), Probe.stat(r.get(6)).get("ino"));
    }

    @Test
    void statfsReportsSomething() {
        String r = root(call("statvfs", d.toString())).getFirst();
        assertTrue(r.contains("namemax=255"), r);
    }
}
