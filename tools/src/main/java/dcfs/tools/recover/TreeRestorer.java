package dcfs.tools.recover;

import dcfs.vfs.Caller;
import dcfs.vfs.DirEntry;
import dcfs.vfs.FsException;
import dcfs.vfs.OpenFlags;
import dcfs.vfs.Vfs;
import dcfs.vfs.inode.FileType;
import dcfs.vfs.inode.Inode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies a filesystem out of a (read-only) {@link Vfs} into a local directory: directories, files
 * with their bytes (holes stay holes), symlinks, hard links (one inode, several names), FIFOs,
 * sockets and — as root — devices; then modes (setuid, setgid, sticky included), owners (as root),
 * access and modification times to the nanosecond, and extended attributes. A stripe that cannot be
 * decoded leaves zeros in its file, which is counted as damaged; everything else goes on.
 *
 * <p>Directory attributes are set after their contents, so writing a file does not change its
 * directory's times back.
 */
final class TreeRestorer {
    private static final Caller ROOT = Caller.ROOT;
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    private final Vfs vfs;
    private final int stripeSize;
    private final boolean root = PosixFiles.isRoot();
    private final PrintStream progress;
    private final Map<Long, Path> linked = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long files;
    private long directories;
    private long symlinks;
    private long hardLinks;
    private long special;
    private long bytes;
    private long damagedFiles;
    private long lastProgress = System.nanoTime();

    /** What was restored, and what could not be. */
    record Summary(long files, long directories, long symlinks, long hardLinks, long special, long bytes,
                   long damagedFiles, List<String> problems) {
    }

    TreeRestorer(Vfs vfs, int stripeSize, PrintStream progress) {
        this.vfs = vfs;
        this.stripeSize = stripeSize;
        this.progress = progress;
    }

    Summary restore(Path to) throws IOException, FsException {
        Files.createDirectories(to);
        Inode rootDir = vfs.getattr(ROOT, "/");
        directory("/", to);
        attributes(rootDir, "/", to);
        return new Summary(files, directories, symlinks, hardLinks, special, bytes, damagedFiles, List.copyOf(problems));
    }

    private void directory(String path, Path to) throws IOException, FsException {
        List<DirEntry> entries;
        long dh = vfs.opendir(ROOT, path);
        try {
            entries = vfs.readdir(dh);
        } finally {
            vfs.releasedir(dh);
        }
        for (DirEntry e : entries) {
            if (e.name().equals(".") || e.name().equals("..")) {
                continue;
            }
            String child = path.equals("/") ? "/" + e.name() : path + "/" + e.name();
            Path target = to.resolve(e.name());
            Inode i = vfs.getattr(ROOT, child);
            if (i.type() != FileType.DIRECTORY && i.nlink() > 1 && linked.containsKey(i.ino())) {
                Files.createLink(target, linked.get(i.ino()));
                hardLinks++;
                continue;
            }
            switch (i.type()) {
                case DIRECTORY -> {
                    Files.createDirectory(target);
                    directories++;
                    directory(child, target);
                }
                case REGULAR -> {
                    content(child, target, i);
                    files++;
                }
                case SYMLINK -> {
                    Files.createSymbolicLink(target, Path.of(vfs.readlink(ROOT, child)));
                    symlinks++;
                }
                case FIFO, SOCKET -> {
                    PosixFiles.mknod(target, i.type().modeBits() | 0600, 0);
                    special++;
                }
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    if (!root) {
                        problems.add(child + ": a device node; only root can create it");
                        continue;
                    }
                    PosixFiles.mknod(target, i.type().modeBits() | 0600, i.rdev());
                    special++;
                }
            }
            if (i.nlink() > 1 && i.type() != FileType.DIRECTORY) {
                linked.put(i.ino(), target);
            }
            attributes(i, child, target);
            tick();
        }
    }

    /** The file's bytes, stripe by stripe; all-zero stretches stay holes, undecodable stripes zeros. */
    private void content(String path, Path target, Inode i) throws IOException, FsException {
        long size = i.size();
        boolean damaged = false;
        long fh = vfs.open(ROOT, path, OpenFlags.O_RDONLY);
        try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
            FileChannel out = raf.getChannel();
            ByteBuffer buf = ByteBuffer.allocate(Math.min(stripeSize, 1 << 20));
            long off = 0;
            while (off < size) {
                long stripeEnd = Math.min(size, (off / stripeSize + 1) * stripeSize);
                int want = (int) Math.min(buf.capacity(), stripeEnd - off);
                buf.clear().limit(want);
                int n;
                try {
                    n = vfs.read(fh, off, buf);
                } catch (FsException e) {
                    damaged = true;
                    problems.add(path + ": bytes " + off + ".." + stripeEnd + " lost (" + e.getMessage() + ")");
                    off = stripeEnd; // zeros: the hole setLength leaves
                    continue;
                }
                if (n <= 0) {
                    break;
                }
                buf.flip();
                if (!allZero(buf)) {
                    while (buf.hasRemaining()) {
                        out.write(buf, off + buf.position());
                    }
                }
                off += n;
                bytes += n;
                tick();
            }
            raf.setLength(size);
        } finally {
            vfs.release(fh);
        }
        if (damaged) {
            damagedFiles++;
        }
    }

    private static boolean allZero(ByteBuffer b) {
        for (int p = b.position(); p < b.limit(); p++) {
            if (b.get(p) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Owner before mode (chown clears setuid), mode, xattrs, times last. */
    private void attributes(Inode i, String path, Path target) {
        if (root) {
            attempt(() -> PosixFiles.lchown(target, i.uid(), i.gid()));
        }
        if (i.type() != FileType.SYMLINK) {
            attempt(() -> PosixFiles.chmod(target, i.perm()));
        }
        try {
            for (String name : vfs.listxattr(ROOT, path)) {
                byte[] value = vfs.getxattr(ROOT, path, name);
                attempt(() -> PosixFiles.setXattr(target, name, value));
            }
        } catch (FsException e) {
            problems.add(path + ": extended attributes: " + e.getMessage());
        }
        attempt(() -> PosixFiles.setTimes(target, i.atime().sec(), i.atime().nsec(), i.mtime().sec(), i.mtime().nsec()));
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    private void attempt(Step s) {
        try {
            s.run();
        } catch (IOException e) {
            problems.add(e.getMessage());
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (now - lastProgress > PROGRESS_NANOS) {
            lastProgress = now;
            progress.printf("recover: %,d files, %,d directories, %,d MiB so far%n", files, directories, bytes >> 20);
        }
    }
}
