package dcfs.vfs;

import static dcfs.vfs.FsAssertions.assertErrno;
import static dcfs.vfs.VfsFixture.ROOT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.vfs.inode.FileType;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.Time;
import dcfs.vfs.inode.TimeChange;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VfsNamespaceTest {
    @TempDir
    Path dir;
    VfsFixture fx;
    Vfs vfs;

    @BeforeEach
    void open() throws Exception {
        fx = new VfsFixture(dir);
        vfs = fx.vfs;
    }

    @AfterEach
    void close() throws Exception {
        fx.close();
    }

    List<String> names(String path) throws Exception {
        long dh = vfs.opendir(ROOT, path);
        try {
            return vfs.readdir(dh).stream().map(DirEntry::name).toList();
        } finally {
            vfs.releasedir(dh);
        }
    }

    @Test
    void rootIsADirectoryOwnedByTheMounter() throws Exception {
        Inode r = vfs.getattr(ROOT, "/");
        assertEquals(FileType.DIRECTORY, r.type());
        assertEquals(1, r.ino());
        assertEquals(2, r.nlink());
        assertEquals(List.of(".", ".."), names("/"));
    }

    @Test
    void directoriesCountTheirSubdirectoriesInNlink() throws Exception {
        vfs.mkdir(ROOT, "/d", 0755);
        vfs.mkdir(ROOT, "/d/a", 0755);
        vfs.mkdir(ROOT, "/d/b", 0755);
        fx.write("/d/f", new byte[1]);
        assertEquals(4, vfs.getattr(ROOT, "/d").nlink());
        assertEquals(3, vfs.getattr(ROOT, "/").nlink());
        vfs.rmdir(ROOT, "/d/a");
        assertEquals(3, vfs.getattr(ROOT, "/d").nlink());
        assertEquals(List.of(".", "..", "b", "f"), names("/d"));
        long dh = vfs.opendir(ROOT, "/d/b");
        List<DirEntry> entries = vfs.readdir(dh);
        assertEquals(vfs.getattr(ROOT, "/d").ino(), entries.get(1).ino(), "'..' is the parent");
        vfs.releasedir(dh);
    }

    @Test
    void errnoOfCreationAndRemoval() throws Exception {
        vfs.mkdir(ROOT, "/d", 0755);
        fx.write("/f", new byte[] {1});
        assertErrno(Errno.EEXIST, () -> vfs.mkdir(ROOT, "/d", 0755));
        assertErrno(Errno.EEXIST, () -> vfs.mknod(ROOT, "/f", 0100644, 0));
        assertErrno(Errno.EEXIST, () -> vfs.create(ROOT, "/f", 0644, OpenFlags.O_EXCL | OpenFlags.O_WRONLY));
        assertErrno(Errno.ENOENT, () -> vfs.mkdir(ROOT, "/nope/x", 0755));
        assertErrno(Errno.ENOTDIR, () -> vfs.mkdir(ROOT, "/f/x", 0755));
        assertErrno(Errno.ENOTDIR, () -> vfs.getattr(ROOT, "/f/x"));
        assertErrno(Errno.ENOENT, () -> vfs.unlink(ROOT, "/missing"));
        assertErrno(Errno.EISDIR, () -> vfs.unlink(ROOT, "/d"));
        assertErrno(Errno.ENOTDIR, () -> vfs.rmdir(ROOT, "/f"));
        fx.write("/d/x", new byte[0]);
        assertErrno(Errno.ENOTEMPTY, () -> vfs.rmdir(ROOT, "/d"));
        assertErrno(Errno.EBUSY, () -> vfs.rmdir(ROOT, "/"));
        assertErrno(Errno.EISDIR, () -> vfs.open(ROOT, "/d", OpenFlags.O_RDONLY));
        assertErrno(Errno.ENOTDIR, () -> vfs.opendir(ROOT, "/f"));
        assertErrno(Errno.EINVAL, () -> vfs.readlink(ROOT, "/f"));
    }

    @Test
    void namesLongerThan255BytesAndPathsOf4096AreRefused() throws Exception {
        String ok = "n".repeat(255);
        fx.write("/" + ok, new byte[0]);
        assertEquals(0, vfs.getattr(ROOT, "/" + ok).size());
        assertErrno(Errno.ENAMETOOLONG, () -> vfs.mkdir(ROOT, "/" + "n".repeat(256), 0755));
        assertErrno(Errno.ENAMETOOLONG, () -> vfs.getattr(ROOT, "/" + "é".repeat(128)));
        StringBuilder deep = new StringBuilder();
        while (deep.length() < 4096) {
            deep.append("/abcdefgh");
        }
        assertErrno(Errno.ENAMETOOLONG, () -> vfs.getattr(ROOT, deep.toString()));
    }

    @Test
    void symlinksResolveAndLoopsAreEloop() throws Exception {
        vfs.mkdir(ROOT, "/real", 0755);
        fx.write("/real/file", "hello".getBytes());
        Inode l = vfs.symlink(ROOT, "real", "/link");
        assertEquals(FileType.SYMLINK, l.type());
        assertEquals(4, l.size());
        assertEquals("real", vfs.readlink(ROOT, "/link"));
        assertEquals(FileType.SYMLINK, vfs.getattr(ROOT, "/link").type(), "getattr does not follow the last link");
        assertArrayEquals("hello".getBytes(), fx.read("/link/file"));
        vfs.symlink(ROOT, "/real/file", "/abs");
        assertArrayEquals("hello".getBytes(), fx.read("/abs"));
        vfs.symlink(ROOT, "loop2", "/loop1");
        vfs.symlink(ROOT, "loop1", "/loop2");
        assertErrno(Errno.ELOOP, () -> vfs.getattr(ROOT, "/loop1/x"));
        assertErrno(Errno.ENAMETOOLONG, () -> vfs.symlink(ROOT, "x".repeat(4096), "/long"));
        vfs.symlink(ROOT, "x".repeat(4095), "/longest");
        assertEquals(4095, vfs.readlink(ROOT, "/longest").length());
    }

    @Test
    void renameReplacesFilesAtomically() throws Exception {
        fx.write("/a", "A".getBytes());
        fx.write("/b", "B".getBytes());
        long inoA = vfs.getattr(ROOT, "/a").ino();
        vfs.rename(ROOT, "/a", "/b", RenameMode.REPLACE);
        assertErrno(Errno.ENOENT, () -> vfs.getattr(ROOT, "/a"));
        assertEquals(inoA, vfs.getattr(ROOT, "/b").ino());
        assertArrayEquals("A".getBytes(), fx.read("/b"));
        vfs.syncAll();
    }

    @Test
    void renameErrnoCases() throws Exception {
        vfs.mkdir(ROOT, "/d", 0755);
        vfs.mkdir(ROOT, "/d/sub", 0755);
        vfs.mkdir(ROOT, "/e", 0755);
        vfs.mkdir(ROOT, "/full", 0755);
        fx.write("/full/x", new byte[0]);
        fx.write("/f", new byte[0]);
        assertErrno(Errno.ENOENT, () -> vfs.rename(ROOT, "/nope", "/x", RenameMode.REPLACE));
        assertErrno(Errno.EINVAL, () -> vfs.rename(ROOT, "/d", "/d/sub/d", RenameMode.REPLACE));
        assertErrno(Errno.EINVAL, () -> vfs.rename(ROOT, "/d", "/d/x", RenameMode.REPLACE));
        assertErrno(Errno.ENOTDIR, () -> vfs.rename(ROOT, "/d", "/f", RenameMode.REPLACE));
        assertErrno(Errno.EISDIR, () -> vfs.rename(ROOT, "/f", "/d", RenameMode.REPLACE));
        assertErrno(Errno.ENOTEMPTY, () -> vfs.rename(ROOT, "/d", "/full", RenameMode.REPLACE));
        assertErrno(Errno.EEXIST, () -> vfs.rename(ROOT, "/d", "/e", RenameMode.NOREPLACE));
        assertErrno(Errno.ENOENT, () -> vfs.rename(ROOT, "/d", "/none", RenameMode.EXCHANGE));
        assertErrno(Errno.EBUSY, () -> vfs.rename(ROOT, "/", "/x", RenameMode.REPLACE));
        // a directory over an empty one
        long ino = vfs.getattr(ROOT, "/d").ino();
        vfs.rename(ROOT, "/d", "/e", RenameMode.REPLACE);
        assertEquals(ino, vfs.getattr(ROOT, "/e").ino());
        assertEquals(4, vfs.getattr(ROOT, "/").nlink(), "root: e, full and the 2");
    }

    @Test
    void renameOfALinkOntoItsOtherNameDoesNothing() throws Exception {
        fx.write("/a", "x".getBytes());
        vfs.link(ROOT, "/a", "/b");
        vfs.rename(ROOT, "/a", "/b", RenameMode.REPLACE);
        assertEquals(2, vfs.getattr(ROOT, "/a").nlink());
        assertEquals(2, vfs.getattr(ROOT, "/b").nlink());
    }

    @Test
    void movingADirectoryFixesParentsAndLinkCounts() throws Exception {
        vfs.mkdir(ROOT, "/p", 0755);
        vfs.mkdir(ROOT, "/q", 0755);
        vfs.mkdir(ROOT, "/p/child", 0755);
        vfs.rename(ROOT, "/p/child", "/q/child", RenameMode.REPLACE);
        assertEquals(2, vfs.getattr(ROOT, "/p").nlink());
        assertEquals(3, vfs.getattr(ROOT, "/q").nlink());
        long dh = vfs.opendir(ROOT, "/q/child");
        assertEquals(vfs.getattr(ROOT, "/q").ino(), vfs.readdir(dh).get(1).ino());
        vfs.releasedir(dh);
    }

    @Test
    void renameExchangeSwapsTwoNames() throws Exception {
        vfs.mkdir(ROOT, "/dir", 0755);
        fx.write("/file", "F".getBytes());
        long d = vfs.getattr(ROOT, "/dir").ino();
        long f = vfs.getattr(ROOT, "/file").ino();
        vfs.rename(ROOT, "/dir", "/file", RenameMode.EXCHANGE);
        assertEquals(f, vfs.getattr(ROOT, "/dir").ino());
        assertEquals(d, vfs.getattr(ROOT, "/file").ino());
        assertArrayEquals("F".getBytes(), fx.read("/dir"));
    }

    @Test
    void renameOverAnOpenFileMakesItAnOrphan() throws Exception {
        fx.write("/victim", "old".getBytes());
        fx.write("/new", "new".getBytes());
        long fh = vfs.open(ROOT, "/victim", OpenFlags.O_RDONLY);
        vfs.rename(ROOT, "/new", "/victim", RenameMode.REPLACE);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(10);
        assertEquals(3, vfs.read(fh, 0, buf));
        assertEquals('o', buf.get(0));
        assertEquals(0, vfs.fgetattr(fh).nlink());
        vfs.release(fh);
        assertArrayEquals("new".getBytes(), fx.read("/victim"));
    }

    @Test
    void specialFiles() throws Exception {
        Inode fifo = vfs.mknod(ROOT, "/fifo", 0010644, 0);
        assertEquals(FileType.FIFO, fifo.type());
        Inode sock = vfs.mknod(ROOT, "/sock", 0140644, 0);
        assertEquals(FileType.SOCKET, sock.type());
        Inode chr = vfs.mknod(ROOT, "/null", 0020666, 0x0103);
        assertEquals(FileType.CHAR_DEVICE, chr.type());
        assertEquals(0x0103, vfs.getattr(ROOT, "/null").rdev());
        Inode reg = vfs.mknod(ROOT, "/plain", 0644, 0);
        assertEquals(FileType.REGULAR, reg.type());
        assertErrno(Errno.EPERM, () -> vfs.mknod(ROOT, "/dir", 0040755, 0));
    }

    @Test
    void timestampsFollowPosix() throws Exception {
        vfs.mkdir(ROOT, "/d", 0755);
        Inode d0 = vfs.getattr(ROOT, "/d");
        Thread.sleep(5);
        fx.write("/d/f", new byte[3]);
        Inode d1 = vfs.getattr(ROOT, "/d");
        assertTrue(d1.mtime().compareTo(d0.mtime()) > 0, "creating an entry changes the directory");
        Inode f0 = vfs.getattr(ROOT, "/d/f");
        Thread.sleep(5);
        vfs.chmod(ROOT, "/d/f", 0600);
        Inode f1 = vfs.getattr(ROOT, "/d/f");
        assertEquals(f0.mtime(), f1.mtime());
        assertTrue(f1.ctime().compareTo(f0.ctime()) > 0);
        vfs.utimens(ROOT, "/d/f", TimeChange.to(new Time(1000, 5)), TimeChange.OMIT);
        Inode f2 = vfs.getattr(ROOT, "/d/f");
        assertEquals(new Time(1000, 5), f2.atime());
        assertEquals(f1.mtime(), f2.mtime());
        vfs.utimens(ROOT, "/d/f", TimeChange.OMIT, TimeChange.to(new Time(-5, 999_999_999)));
        assertEquals(new Time(-5, 999_999_999), vfs.getattr(ROOT, "/d/f").mtime());
        vfs.utimens(ROOT, "/d/f", TimeChange.NOW, TimeChange.NOW);
        assertTrue(vfs.getattr(ROOT, "/d/f").mtime().sec() > 1_600_000_000L);
        Inode before = vfs.getattr(ROOT, "/d/f");
        vfs.utimens(ROOT, "/d/f", TimeChange.OMIT, TimeChange.OMIT);
        assertEquals(before, vfs.getattr(ROOT, "/d/f"));
    }

    @Test
    void xattrs() throws Exception {
        fx.write("/x", new byte[0]);
        vfs.setxattr(ROOT, "/x", "user.one", "1".getBytes(), XattrMode.SET);
        vfs.setxattr(ROOT, "/x", "trusted.t", new byte[0], XattrMode.CREATE);
        vfs.setxattr(ROOT, "/x", "security.s", new byte[] {0, 1}, XattrMode.SET);
        assertArrayEquals("1".getBytes(), vfs.getxattr(ROOT, "/x", "user.one"));
        assertEquals(0, vfs.getxattr(ROOT, "/x", "trusted.t").length);
        assertEquals(List.of("security.s", "trusted.t", "user.one"), vfs.listxattr(ROOT, "/x"));
        assertErrno(Errno.EEXIST, () -> vfs.setxattr(ROOT, "/x", "user.one", new byte[1], XattrMode.CREATE));
        assertErrno(Errno.ENODATA, () -> vfs.setxattr(ROOT, "/x", "user.two", new byte[1], XattrMode.REPLACE));
        assertErrno(Errno.ENODATA, () -> vfs.getxattr(ROOT, "/x", "user.two"));
        assertErrno(Errno.ENOTSUP, () -> vfs.getxattr(ROOT, "/x", "system.posix_acl_access"));
        assertErrno(Errno.ENOTSUP, () -> vfs.setxattr(ROOT, "/x", "other.name", new byte[1], XattrMode.SET));
        assertErrno(Errno.ERANGE, () -> vfs.getxattr(ROOT, "/x", "user." + "a".repeat(251)));
        assertErrno(Errno.E2BIG, () -> vfs.setxattr(ROOT, "/x", "user.big", new byte[65537], XattrMode.SET));
        vfs.setxattr(ROOT, "/x", "user.max", new byte[65536], XattrMode.SET);
        vfs.removexattr(ROOT, "/x", "user.one");
        assertErrno(Errno.ENODATA, () -> vfs.removexattr(ROOT, "/x", "user.one"));
        vfs.symlink(ROOT, "x", "/sl");
        assertErrno(Errno.EPERM, () -> vfs.setxattr(ROOT, "/sl", "user.a", new byte[1], XattrMode.SET));
        fx.remount();
        vfs = fx.vfs;
        assertEquals(2, vfs.getxattr(ROOT, "/x", "security.s").length);
    }

    @Test
    void inodeNumbersAreStableAndNotReused() throws Exception {
        long a = fx.write("/a", new byte[0]).ino();
        vfs.unlink(ROOT, "/a");
        long b = fx.write("/a", new byte[0]).ino();
        assertNotEquals(a, b);
        fx.remount();
        vfs = fx.vfs;
        assertEquals(b, vfs.getattr(ROOT, "/a").ino());
        assertTrue(fx.write("/c", new byte[0]).ino() > b);
    }

    @Test
    void statfsReportsTheStore() throws Exception {
        FsStats s = vfs.statfs();
        assertEquals(255, s.nameMax());
        assertTrue(s.totalBlocks() > 0 && s.freeBlocks() <= s.totalBlocks());
    }

    @Test
    void readOnlyMountRefusesChanges() throws Exception {
        fx.write("/f", "data".getBytes());
        fx.close();
        VfsFixture ro = new VfsFixture(dir.resolve("ro-unused"), fx.store, VfsFixture.smallConfig().withReadOnly(true));
        ro.close();
        // reopen the real metadata read-only
        try (var meta = dcfs.vfs.meta.MetaStore.open(dir.resolve("meta"))) {
            Vfs r = Vfs.open(meta, fx.store, VfsFixture.smallConfig().withReadOnly(true), dcfs.vfs.inode.Clock.SYSTEM, 0,
                    0, 0);
            assertErrno(Errno.EROFS, () -> r.mkdir(ROOT, "/d", 0755));
            assertErrno(Errno.EROFS, () -> r.open(ROOT, "/f", OpenFlags.O_WRONLY));
            assertErrno(Errno.EROFS, () -> r.unlink(ROOT, "/f"));
            long fh = r.open(ROOT, "/f", OpenFlags.O_RDONLY);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(10);
            assertEquals(4, r.read(fh, 0, buf));
            r.release(fh);
            r.close();
        }
        fx.open();
    }
}
