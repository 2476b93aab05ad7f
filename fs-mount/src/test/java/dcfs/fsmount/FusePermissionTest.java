package dcfs.fsmount;

import static dcfs.fsmount.Probe.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Permission rules through a real mount, for a process running as uid/gid 65534 (nobody). */
@Timeout(120)
class FusePermissionTest {
    static MountFixture m;
    Path d;

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
        Probe.asRoot(call("chmod", d.toString(), 0777));
    }

    String p(String rel) {
        return d.resolve(rel).toString();
    }

    @Test
    void newFilesBelongToTheCaller() {
        List<String> r = Probe.asNobody(call("write", p("mine"), "x"), call("stat", p("mine")));
        Map<String, Long> st = Probe.stat(r.get(1));
        assertEquals(Probe.NOBODY, st.get("uid"));
        assertEquals(Probe.NOBODY, st.get("gid"));
    }

    @Test
    void modeBitsAreEnforced() {
        Probe.asRoot(call("mkdir", p("private"), 0700), call("write", p("private/secret"), "s"),
                call("write", p("readonly"), "r"), call("chmod", p("readonly"), 0644),
                call("write", p("noread"), "n"), call("chmod", p("noread"), 0600));
        assertEquals(List.of("ERR EACCES", "ERR EACCES", "ERR EACCES", "OK r", "ERR EACCES", "ERR EACCES",
                        "ERR EACCES", "ERR EACCES"),
                Probe.asNobody(call("stat", p("private/secret")), call("listdir", p("private")),
                        call("write", p("private/new"), "x"), call("read", p("readonly")),
                        call("write", p("readonly"), "w"), call("truncate", p("readonly"), 0),
                        call("read", p("noread")), call("unlink", p("private/secret"))));
    }

    @Test
    void ownershipChangesAreRoots() {
        Probe.asRoot(call("write", p("rootfile"), "x"), call("chmod", p("rootfile"), 0666));
        assertEquals(List.of("ERR EPERM", "ERR EPERM", "ERR EPERM", "ERR EPERM", "OK "),
                Probe.asNobody(call("chmod", p("rootfile"), 0777), call("chown", p("rootfile"), Probe.NOBODY, -1),
                        call("utimens", p("rootfile"), 1, 0, 1, 0), call("mknod", p("dev"), 0020644, 0x0103),
                        call("utimens", p("rootfile"), 0, "now", 0, "now")));
        List<String> own = Probe.asNobody(call("write", p("mine"), "x"), call("chown", p("mine"), 0, -1),
                call("chown", p("mine"), -1, 0), call("chmod", p("mine"), 0600), call("stat", p("mine")));
        assertEquals(List.of("OK ", "ERR EPERM", "ERR EPERM", "OK "), own.subList(0, 4));
        assertEquals(0600, Probe.stat(own.get(4)).get("perm"));
    }

    @Test
    void stickyDirectories() {
        Probe.asRoot(call("mkdir", p("tmp"), 0777), call("chmod", p("tmp"), 01777), call("write", p("tmp/roots"), "r"),
                call("chmod", p("tmp/roots"), 0666));
        assertEquals(List.of("ERR EPERM", "ERR EPERM", "OK ", "OK "),
                Probe.asNobody(call("unlink", p("tmp/roots")), call("rename", p("tmp/roots"), p("tmp/x")),
                        call("write", p("tmp/mine"), "m"), call("unlink", p("tmp/mine"))));
    }

    @Test
    void setgidDirectoryInheritance() {
        Probe.asRoot(call("mkdir", p("g"), 0777), call("chown", p("g"), 0, 4321), call("chmod", p("g"), 02777));
        List<String> r = Probe.asNobody(call("write", p("g/f"), "x"), call("stat", p("g/f")),
                call("mkdir", p("g/sub"), 0755), call("stat", p("g/sub")));
        assertEquals(4321, Probe.stat(r.get(1)).get("gid"));
        Map<String, Long> sub = Probe.stat(r.get(3));
        assertEquals(4321, sub.get("gid"));
        assertEquals(02755, sub.get("perm"), "new directories stay setgid");
    }

    @Test
    void writeByAnotherUserClearsSetuid() {
        Probe.asRoot(call("write", p("suid"), "x"), call("chmod", p("suid"), 04777));
        List<String> r = Probe.asNobody(call("append", p("suid"), "more"), call("stat", p("suid")));
        assertEquals(0777, Probe.stat(r.get(1)).get("perm"));
    }

    @Test
    void xattrNamespaces() {
        Probe.asRoot(call("write", p("f"), "x"), call("chmod", p("f"), 0666), call("setxattr", p("f"), "trusted.t", "v"));
        assertEquals(List.of("OK ", "OK v", "ERR EPERM", "OK user.u"),
                Probe.asNobody(call("setxattr", p("f"), "user.u", "v"), call("getxattr", p("f"), "user.u"),
                        call("setxattr", p("f"), "trusted.x", "v"), call("listxattr", p("f"))));
    }
}
