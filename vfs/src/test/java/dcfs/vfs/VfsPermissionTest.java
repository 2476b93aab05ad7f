package dcfs.vfs;

import static dcfs.vfs.FsAssertions.assertErrno;
import static dcfs.vfs.VfsFixture.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dcfs.vfs.inode.Inode;
import dcfs.vfs.namespace.Access;
import dcfs.vfs.inode.Time;
import dcfs.vfs.inode.TimeChange;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules for callers other than root. */
class VfsPermissionTest {
    static final Caller ALICE = new Caller(1000, 1000, Groups.of(1000, 50), 022);
    static final Caller BOB = new Caller(1001, 1001, Groups.of(1001), 022);

    @TempDir
    Path dir;
    VfsFixture fx;
    Vfs vfs;

    @BeforeEach
    void open() throws Exception {
        fx = new VfsFixture(dir);
        vfs = fx.vfs;
        vfs.chmod(ROOT, "/", 0777);
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    @Test
    void newFilesBelongToTheCallerWithUmaskApplied() throws Exception {
        Inode f = fx.write(ALICE, "/a", new byte[1]);
        assertEquals(1000, f.uid());
        assertEquals(1000, f.gid());
        assertEquals(0644, f.perm());
        Inode d = vfs.mkdir(ALICE, "/ad", 0777);
        assertEquals(0755, d.perm());
    }

    @Test
    void searchReadAndWritePermissions() throws Exception {
        vfs.mkdir(ALICE, "/private", 0700);
        fx.write(ALICE, "/private/secret", "s".getBytes());
        assertErrno(Errno.EACCES, () -> vfs.getattr(BOB, "/private/secret"));
        assertErrno(Errno.EACCES, () -> vfs.opendir(BOB, "/private"));
        assertErrno(Errno.EACCES, () -> fx.write(BOB, "/private/mine", new byte[0]));
        fx.write(ALICE, "/ro", "r".getBytes());
        assertErrno(Errno.EACCES, () -> vfs.open(BOB, "/ro", OpenFlags.O_WRONLY));
        assertErrno(Errno.EACCES, () -> vfs.truncate(BOB, "/ro", 0));
        assertEquals(1, fx.read(BOB, "/ro").length);
        vfs.chmod(ALICE, "/ro", 0600);
        assertErrno(Errno.EACCES, () -> vfs.open(BOB, "/ro", OpenFlags.O_RDONLY));
        assertErrno(Errno.EACCES, () -> vfs.access(BOB, "/ro", Access.R));
        vfs.access(ALICE, "/ro", Access.R | Access.W);
        assertErrno(Errno.EACCES, () -> vfs.access(ALICE, "/ro", Access.X));
        // root reads anything, but executes only what has an x bit
        assertEquals(1, fx.read(ROOT, "/ro").length);
        assertErrno(Errno.EACCES, () -> vfs.access(ROOT, "/ro", Access.X));
    }

    @Test
    void onlyTheOwnerChangesModeAndTimes() throws Exception {
        fx.write(ALICE, "/f", new byte[1]);
        assertErrno(Errno.EPERM, () -> vfs.chmod(BOB, "/f", 0777));
        assertErrno(Errno.EPERM, () -> vfs.utimens(BOB, "/f", TimeChange.to(new Time(1, 0)), TimeChange.OMIT));
        assertErrno(Errno.EACCES, () -> vfs.utimens(BOB, "/f", TimeChange.NOW, TimeChange.NOW));
        vfs.chmod(ALICE, "/f", 0666);
        vfs.utimens(BOB, "/f", TimeChange.NOW, TimeChange.NOW); // write permission is enough for "now"
        assertErrno(Errno.EPERM, () -> vfs.utimens(BOB, "/f", TimeChange.to(new Time(1, 0)), TimeChange.NOW));
    }

    @Test
    void chownRules() throws Exception {
        fx.write(ALICE, "/f", new byte[1]);
        assertErrno(Errno.EPERM, () -> vfs.chown(ALICE, "/f", 1001, -1));
        assertErrno(Errno.EPERM, () -> vfs.chown(BOB, "/f", -1, 1001));
        assertErrno(Errno.EPERM, () -> vfs.chown(ALICE, "/f", -1, 1001));
        assertEquals(50, vfs.chown(ALICE, "/f", -1, 50).gid(), "the owner may pick a group they are in");
        assertEquals(1001, vfs.chown(ROOT, "/f", 1001, 1001).uid());
    }

    @Test
    void chownClearsSetuidAndSetgid() throws Exception {
        fx.write(ROOT, "/s", new byte[1]);
        vfs.chmod(ROOT, "/s", 06755);
        assertEquals(0755, vfs.chown(ROOT, "/s", 1000, 1000).perm());
        vfs.chmod(ROOT, "/s", 06745); // setgid without group execute stays (mandatory-locking bit)
        assertEquals(02745, vfs.chown(ROOT, "/s", 1001, -1).perm());
        vfs.mkdir(ROOT, "/sd", 0755);
        assertEquals(0755, vfs.getattr(ROOT, "/sd").perm(), "mkdir ignores setgid in its mode");
        vfs.chmod(ROOT, "/sd", 02755);
        assertEquals(02755, vfs.chown(ROOT, "/sd", 1000, -1).perm(), "directories keep setgid");
    }

    @Test
    void anyoneMayOnlyDropSetuidAndSetgid() throws Exception {
        fx.write(ALICE, "/p", new byte[1]);
        vfs.chmod(ALICE, "/p", 06777);
        assertErrno(Errno.EPERM, () -> vfs.chmod(BOB, "/p", 06776));
        assertErrno(Errno.EPERM, () -> vfs.chmod(BOB, "/p", 0777 | 01000));
        assertEquals(02777, vfs.chmod(BOB, "/p", 02777).perm(), "the kernel's file_remove_privs, as the writer");
        assertEquals(0777, vfs.chmod(BOB, "/p", 0777).perm());
        assertErrno(Errno.EPERM, () -> vfs.chmod(BOB, "/p", 0777)); // no change is not a privilege drop
    }

    @Test
    void chmodDropsSetgidForNonMembers() throws Exception {
        fx.write(ALICE, "/g", new byte[1]);
        vfs.chown(ROOT, "/g", 1000, 2000);
        assertEquals(0755, vfs.chmod(ALICE, "/g", 02755).perm());
        assertEquals(02755, vfs.chmod(ROOT, "/g", 02755).perm());
    }

    @Test
    void writeByAnotherUserClearsSetuid() throws Exception {
        fx.write(ALICE, "/suid", new byte[4]);
        vfs.chmod(ALICE, "/suid", 06777);
        long fh = vfs.open(BOB, "/suid", OpenFlags.O_WRONLY);
        vfs.write(BOB, fh, 0, ByteBuffer.wrap(new byte[] {1}));
        assertEquals(0777, vfs.fgetattr(fh).perm());
        vfs.release(fh);
        vfs.chmod(ALICE, "/suid", 06777);
        long root = vfs.open(ROOT, "/suid", OpenFlags.O_WRONLY);
        vfs.write(ROOT, root, 0, ByteBuffer.wrap(new byte[] {1}));
        assertEquals(06777, vfs.fgetattr(root).perm(), "root keeps the bits");
        vfs.release(root);
    }

    @Test
    void setgidDirectoriesPassTheirGroupOn() throws Exception {
        vfs.mkdir(ROOT, "/shared", 0777);
        vfs.chown(ROOT, "/shared", 0, 50);
        vfs.chmod(ROOT, "/shared", 02777);
        Inode f = fx.write(BOB, "/shared/f", new byte[0]);
        assertEquals(50, f.gid());
        Inode d = vfs.mkdir(BOB, "/shared/sub", 0755);
        assertEquals(50, d.gid());
        assertEquals(02755, d.perm(), "new directories stay setgid");
        Inode x = vfs.mknod(BOB, "/shared/x", 0102775, 0);
        assertEquals(0755, x.perm(), "setgid+group-exec dropped for a non-member (umask 022 applies)");
        Inode y = vfs.mknod(ALICE, "/shared/y", 0102775, 0);
        assertEquals(02755, y.perm(), "kept for a member (umask 022 applies)");
    }

    @Test
    void stickyDirectoriesProtectOthersEntries() throws Exception {
        vfs.mkdir(ROOT, "/tmp", 01777);
        fx.write(ALICE, "/tmp/alice", new byte[0]);
        fx.write(BOB, "/tmp/bob", new byte[0]);
        assertErrno(Errno.EPERM, () -> vfs.unlink(BOB, "/tmp/alice"));
        assertErrno(Errno.EPERM, () -> vfs.rename(BOB, "/tmp/alice", "/tmp/mine", RenameMode.REPLACE));
        assertErrno(Errno.EPERM, () -> vfs.rename(BOB, "/tmp/bob", "/tmp/alice", RenameMode.REPLACE));
        vfs.unlink(BOB, "/tmp/bob");
        vfs.unlink(ROOT, "/tmp/alice");
    }

    @Test
    void devicesAreRootsAndXattrNamespacesHaveOwners() throws Exception {
        assertErrno(Errno.EPERM, () -> vfs.mknod(ALICE, "/dev", 0020644, 0));
        vfs.mknod(ALICE, "/fifo", 0010644, 0);
        fx.write(ALICE, "/f", new byte[0]);
        vfs.setxattr(ALICE, "/f", "user.k", new byte[1], XattrMode.SET);
        assertErrno(Errno.EACCES, () -> vfs.setxattr(BOB, "/f", "user.k", new byte[1], XattrMode.SET));
        assertErrno(Errno.EPERM, () -> vfs.setxattr(ALICE, "/f", "trusted.k", new byte[1], XattrMode.SET));
        assertErrno(Errno.EPERM, () -> vfs.setxattr(ALICE, "/f", "security.k", new byte[1], XattrMode.SET));
        vfs.setxattr(ROOT, "/f", "trusted.k", new byte[1], XattrMode.SET);
        assertEquals(java.util.List.of("user.k"), vfs.listxattr(ALICE, "/f"), "trusted.* hidden from non-root");
    }

    @Test
    void movingADirectoryToAnotherParentNeedsWriteOnIt() throws Exception {
        vfs.mkdir(ALICE, "/a", 0777);
        vfs.mkdir(ALICE, "/b", 0777);
        vfs.chmod(ALICE, "/a", 0777);
        vfs.chmod(ALICE, "/b", 0777);
        vfs.mkdir(ALICE, "/a/locked", 0555);
        assertErrno(Errno.EACCES, () -> vfs.rename(BOB, "/a/locked", "/b/locked", RenameMode.REPLACE));
        vfs.rename(BOB, "/a/locked", "/a/renamed", RenameMode.REPLACE);
    }
}
