package dcfs.vfs;

import static dcfs.vfs.FsAssertions.assertErrno;
import static dcfs.vfs.VfsFixture.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.vfs.inode.FileType;
import dcfs.vfs.inode.Inode;
import dcfs.vfs.inode.Time;
import dcfs.vfs.inode.TimeChange;
import dcfs.vfs.store.InMemoryStripeStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inode-addressed API the FUSE low-level adapter uses: lookups, kernel references, offsets. */
class VfsInodeApiTest {
    static final long ROOT_INO = 1;

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

    @Test
    void createLookupAndOperateByInode() throws Exception {
        Inode d = vfs.mkdir(ROOT, ROOT_INO, "d", 0755);
        Opened o = vfs.create(ROOT, d.ino(), "f", 0644, OpenFlags.O_RDWR);
        vfs.write(ROOT, o.handle(), 0, ByteBuffer.wrap("hello".getBytes()));
        vfs.release(o.handle());
        Inode f = vfs.lookup(ROOT, d.ino(), "f");
        assertEquals(5, f.size());
        assertEquals(f, vfs.getattr(ROOT, "/d/f"));
        assertEquals(ROOT_INO, vfs.lookup(ROOT, d.ino(), "..").ino());
        assertErrno(Errno.ENOENT, () -> vfs.lookup(ROOT, d.ino(), "nope"));
        assertErrno(Errno.ENOTDIR, () -> vfs.lookup(ROOT, f.ino(), "x"));
        assertErrno(Errno.ENAMETOOLONG, () -> vfs.lookup(ROOT, d.ino(), "n".repeat(256)));
        assertEquals(0600, vfs.chmod(ROOT, f.ino(), 0600).perm());
        assertEquals(new Time(7, 0), vfs.utimens(ROOT, f.ino(), TimeChange.OMIT, TimeChange.to(new Time(7, 0))).mtime());
        assertEquals(2, vfs.truncate(ROOT, f.ino(), 2).size());
        Inode link = vfs.link(ROOT, f.ino(), ROOT_INO, "alias");
        assertEquals(f.ino(), link.ino());
        assertEquals(2, vfs.getattr(f.ino()).nlink());
        vfs.rename(ROOT, ROOT_INO, "alias", d.ino(), "g", RenameMode.REPLACE);
        assertEquals(f.ino(), vfs.lookup(ROOT, d.ino(), "g").ino());
        assertEquals(FileType.SYMLINK, vfs.symlink(ROOT, "g", d.ino(), "s").type());
        assertEquals("g", vfs.readlink(vfs.lookup(ROOT, d.ino(), "s").ino()));
    }

    @Test
    void anUnlinkedFileTheKernelStillHoldsStaysUntilForgotten() throws Exception {
        fx.write("/held", "data".getBytes());
        Inode i = vfs.lookup(ROOT, ROOT_INO, "held"); // one kernel reference
        vfs.unlink(ROOT, ROOT_INO, "held");
        Inode orphan = vfs.getattr(i.ino());
        assertEquals(0, orphan.nlink());
        long fh = vfs.open(ROOT, i.ino(), OpenFlags.O_RDONLY); // an open racing the unlink still works
        ByteBuffer b = ByteBuffer.allocate(10);
        assertEquals(4, vfs.read(fh, 0, b));
        vfs.release(fh);
        assertEquals(0, vfs.getattr(i.ino()).nlink(), "still held by the kernel after the last close");
        vfs.forget(i.ino(), 1);
        vfs.syncAll(); // forgotten orphans are deleted in batches
        assertErrno(Errno.ENOENT, () -> vfs.getattr(i.ino()));
        vfs.syncAll();
        assertTrue(((InMemoryStripeStore) fx.store).keys().isEmpty());
    }

    @Test
    void forgetOfAFileStillOpenLeavesItToTheLastClose() throws Exception {
        fx.write("/o", new byte[100_000]);
        Inode i = vfs.lookup(ROOT, ROOT_INO, "o");
        long fh = vfs.open(ROOT, i.ino(), OpenFlags.O_RDWR);
        vfs.unlink(ROOT, ROOT_INO, "o");
        vfs.forget(i.ino(), 1);
        assertEquals(100_000, vfs.fgetattr(fh).size());
        assertEquals(0, vfs.getattr(i.ino()).nlink(), "open: fstat by inode works");
        vfs.release(fh);
        assertErrno(Errno.ENOENT, () -> vfs.getattr(i.ino()));
    }

    @Test
    void orphansHeldAtACrashAreDeletedAtTheNextMount() throws Exception {
        fx.write("/gone", new byte[200_000]);
        Inode i = vfs.lookup(ROOT, ROOT_INO, "gone");
        vfs.unlink(ROOT, ROOT_INO, "gone");
        vfs.syncAll();
        fx.crashAndRemount();
        vfs = fx.vfs;
        assertErrno(Errno.ENOENT, () -> vfs.getattr(i.ino()));
        vfs.syncAll();
        assertTrue(((InMemoryStripeStore) fx.store).keys().isEmpty());
    }

    @Test
    void readdirServesOffsetsFromOneListing() throws Exception {
        for (int k = 0; k < 5; k++) {
            fx.write("/e" + k, new byte[0]);
        }
        long dh = vfs.opendir(ROOT, ROOT_INO);
        List<DirEntry> first = vfs.readdir(dh, 0);
        assertEquals(7, first.size());
        fx.write("/late", new byte[0]);
        List<DirEntry> rest = vfs.readdir(dh, 3);
        assertEquals(first.subList(3, 7), rest, "the listing of this pass, not a new one");
        assertEquals(List.of(), vfs.readdir(dh, 7));
        assertEquals(8, vfs.readdir(dh, 0).size(), "offset 0 starts over");
        vfs.releasedir(dh);
    }

    @Test
    void anOrphanCannotBeLinkedAgain() throws Exception {
        fx.write("/x", "x".getBytes());
        Inode i = vfs.lookup(ROOT, ROOT_INO, "x");
        vfs.unlink(ROOT, ROOT_INO, "x");
        assertErrno(Errno.ENOENT, () -> vfs.link(ROOT, i.ino(), ROOT_INO, "back"));
        vfs.forget(i.ino(), 1);
        vfs.syncAll();
        assertErrno(Errno.ENOENT, () -> vfs.getattr(i.ino()));
    }
}
