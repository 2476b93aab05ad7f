package dcfs.fstests.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dcfs.fstests.apps.SourceTree;
import dcfs.fstests.apps.TreeSnapshot;
import dcfs.fstests.mount.MountedFilesystem;
import dcfs.fstests.mount.MountExtension;
import dcfs.fstests.mount.Scratch;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What is written before an unmount is there after mounting the same filesystem again (same home,
 * same keys): the tree with its modes, owners, mtimes, symlinks and hard links; sparse files with
 * their holes; nanosecond timestamps; extended attributes; a file renamed and one deleted just
 * before the unmount.
 */
@ExtendWith(MountExtension.class)
class RemountTest {

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void everythingWrittenBeforeUnmountIsThereAfter(MountedFilesystem fs, Scratch scratch) throws Exception {
        Path tree = SourceTree.create(scratch.dir().resolve("tree"), new SourceTree.Shape(20, 400, new int[] {5}, 10, 10), 99);
        Path sparse = scratch.dir().resolve("sparse");
        byte[] head = "head".getBytes();
        byte[] tail = "tail".getBytes();
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.write(head);
            f.seek(9L * 1024 * 1024 + 3);
            f.write(tail);
            f.setLength(12L * 1024 * 1024);
        }
        Path precise = scratch.dir().resolve("precise");
        Files.writeString(precise, "times to the nanosecond");
        FileTime t = FileTime.from(Instant.ofEpochSecond(1_234_567_890L, 123_456_789));
        Files.setLastModifiedTime(precise, t);
        Path renamedFrom = scratch.dir().resolve("before-rename");
        Files.writeString(renamedFrom, "renamed just before unmount");
        Files.move(renamedFrom, scratch.dir().resolve("after-rename"));
        Path deleted = scratch.dir().resolve("deleted");
        Files.writeString(deleted, "deleted just before unmount");
        Files.delete(deleted);
        TreeSnapshot before = TreeSnapshot.of(tree);
        Path hardLink = tree.resolve(before.entries().entrySet().stream().filter(e -> !e.getValue().linkGroup().isEmpty())
                .findFirst().orElseThrow().getKey());
        long hardInode = (Long) Files.getAttribute(hardLink, "unix:ino", LinkOption.NOFOLLOW_LINKS);

        fs.remount();

        assertEquals(List.of(), before.differences(TreeSnapshot.of(tree), TreeSnapshot.Fields.ALL, 30), "the tree after remount");
        assertEquals(12L * 1024 * 1024, Files.size(sparse), "sparse file size");
        byte[] all = Files.readAllBytes(sparse);
        assertArrayEquals(head, java.util.Arrays.copyOf(all, 4));
        assertArrayEquals(tail, java.util.Arrays.copyOfRange(all, 9 * 1024 * 1024 + 3, 9 * 1024 * 1024 + 7));
        int nonZero = 0;
        for (byte b : all) {
            nonZero += b != 0 ? 1 : 0;
        }
        assertEquals(8, nonZero, "only the written bytes are non-zero: holes read as zeros");
        assertEquals(t, Files.getLastModifiedTime(precise), "mtime to the nanosecond");
        assertEquals("renamed just before unmount", Files.readString(scratch.dir().resolve("after-rename")));
        assertEquals(false, Files.exists(renamedFrom), "the old name is gone");
        assertEquals(false, Files.exists(deleted), "the deleted file stays deleted");
        assertEquals(hardInode, (Long) Files.getAttribute(hardLink, "unix:ino", LinkOption.NOFOLLOW_LINKS),
                "inode numbers stay the same across a remount (git's index and rsync rely on them)");
    }

    @Test
    void extendedAttributesSurvive(MountedFilesystem fs, Scratch scratch) throws Exception {
        Path f = scratch.dir().resolve("with-xattrs");
        Files.writeString(f, "x");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
        view.write("dcfs.test", ByteBuffer.wrap("value one".getBytes()));
        view.write("dcfs.binary", ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}));
        fs.remount();
        view = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
        assertEquals(List.of("dcfs.binary", "dcfs.test"), view.list().stream().sorted().toList());
        ByteBuffer b = ByteBuffer.allocate(view.size("dcfs.binary"));
        view.read("dcfs.binary", b);
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, b.array());
    }
}
