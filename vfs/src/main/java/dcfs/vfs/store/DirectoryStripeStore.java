package dcfs.vfs.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local development store: each stripe is one file ({@link StripeFileFormat}) under
 * {@code DIR/<first two hex digits of the file id>/}. Plaintext, no redundancy: it stands in for the
 * network store while the rest of the system is built, and serves single-machine use and tests.
 *
 * <p>{@link #put} writes a temporary file, fsyncs it, renames it into place and fsyncs the
 * directory, so a stripe is either wholly there or absent after a crash.
 */
public final class DirectoryStripeStore implements StripeStore {
    private static final String TMP_SUFFIX = ".tmp";

    private final Path root;
    /** Fan-out directories known to exist (and be durable), so put skips createDirectories. */
    private final Set<String> knownDirs = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private DirectoryStripeStore(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) the store in {@code dir}. */
    public static DirectoryStripeStore open(Path dir) throws StoreException {
        try {
            Files.createDirectories(dir);
            return new DirectoryStripeStore(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new StoreUnavailableException(null, "cannot open stripe directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    Path pathOf(StripeKey key) {
        String hex = key.fileId().hex();
        return root.resolve(hex.substring(0, 2)).resolve(hex + "." + key.stripe() + "." + key.generation());
    }

    @Override
    public void put(StripeKey key, byte[] data, int off, int len) throws StoreException {
        checkOpen(key);
        Path target = pathOf(key);
        Path dir = target.getParent();
        Path tmp = dir.resolve(target.getFileName() + TMP_SUFFIX);
        try {
            ensureDir(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer[] parts = {StripeFileFormat.header(key, len), ByteBuffer.wrap(data, off, len),
                        StripeFileFormat.segmentCrcs(data, off, len)};
                long total = parts[0].remaining() + (long) len + parts[2].remaining();
                long written = 0;
                while (written < total) {
                    written += ch.write(parts);
                }
                ch.force(false);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDir(dir);
        } catch (IOException e) {
            boolean noSpace = e.getMessage() != null && e.getMessage().contains("No space left");
            throw new StoreUnavailableException(key, "cannot write " + target + ": " + e.getMessage(), e, noSpace);
        }
    }

    @Override
    public byte[] get(StripeKey key) throws StoreException {
        checkOpen(key);
        Path p = pathOf(key);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            StripeFileFormat.Header h = readHeader(key, ch);
            long expected = StripeFileFormat.HEADER_SIZE + (long) h.length()
                    + 4L * StripeFileFormat.segments(h.length(), h.segmentSize());
            if (ch.size() != expected) {
                throw new StripeCorruptException(key, "file is " + ch.size() + " bytes, header says " + expected);
            }
            byte[] data = new byte[h.length()];
            readFully(ch, ByteBuffer.wrap(data), StripeFileFormat.HEADER_SIZE);
            ByteBuffer crcs = ByteBuffer.allocate(4 * StripeFileFormat.segments(h.length(), h.segmentSize()));
            readFully(ch, crcs, StripeFileFormat.HEADER_SIZE + (long) h.length());
            crcs.flip();
            for (int i = 0; i * h.segmentSize() < h.length(); i++) {
                int from = i * h.segmentSize();
                StripeFileFormat.checkSegment(key, i, data, from, Math.min(h.segmentSize(), h.length() - from),
                        crcs.getInt());
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new StripeNotFoundException(key);
        } catch (java.io.EOFException e) {
            throw new StripeCorruptException(key, "truncated: " + e.getMessage());
        } catch (IOException e) {
            throw new StoreUnavailableException(key, "cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks only the segments that cover the range. */
    @Override
    public byte[] get(StripeKey key, int offset, int length) throws StoreException {
        checkOpen(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length);
        }
        Path p = pathOf(key);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            StripeFileFormat.Header h = readHeader(key, ch);
            if (offset >= h.length() || length == 0) {
                return new byte[0];
            }
            int end = (int) Math.min((long) offset + length, h.length());
            int seg = h.segmentSize();
            int first = offset / seg;
            int last = (end - 1) / seg;
            int from = first * seg;
            int to = Math.min((last + 1) * seg, h.length());
            byte[] span = new byte[to - from];
            readFully(ch, ByteBuffer.wrap(span), StripeFileFormat.HEADER_SIZE + (long) from);
            ByteBuffer crcs = ByteBuffer.allocate(4 * (last - first + 1));
            readFully(ch, crcs, StripeFileFormat.HEADER_SIZE + (long) h.length() + 4L * first);
            crcs.flip();
            for (int i = first; i <= last; i++) {
                int s = i * seg - from;
                StripeFileFormat.checkSegment(key, i, span, s, Math.min(seg, span.length - s), crcs.getInt());
            }
            byte[] out = new byte[end - offset];
            System.arraycopy(span, offset - from, out, 0, out.length);
            return out;
        } catch (NoSuchFileException e) {
            throw new StripeNotFoundException(key);
        } catch (java.io.EOFException e) {
            throw new StripeCorruptException(key, "truncated: " + e.getMessage());
        } catch (IOException e) {
            throw new StoreUnavailableException(key, "cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(StripeKey key) throws StoreException {
        checkOpen(key);
        try {
            Files.deleteIfExists(pathOf(key));
        } catch (IOException e) {
            throw new StoreUnavailableException(key, "cannot delete " + pathOf(key) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes are made durable lazily: a stripe that reappears after a crash is unreferenced garbage. */
    @Override
    public void flush() throws StoreException {
        checkOpen(null);
    }

    @Override
    public StoreCapacity capacity() throws StoreException {
        checkOpen(null);
        try {
            FileStore fs = Files.getFileStore(root);
            return new StoreCapacity(fs.getTotalSpace(), fs.getUsableSpace());
        } catch (IOException e) {
            throw new StoreUnavailableException(null, "cannot stat " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureDir(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        if (knownDirs.contains(name)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            syncDir(root);
        }
        knownDirs.add(name);
    }

    private static void syncDir(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static StripeFileFormat.Header readHeader(StripeKey key, FileChannel ch) throws IOException,
            StripeCorruptException {
        ByteBuffer h = ByteBuffer.allocate(StripeFileFormat.HEADER_SIZE);
        while (h.hasRemaining()) {
            if (ch.read(h, h.position()) < 0) {
                break;
            }
        }
        h.flip();
        return StripeFileFormat.checkHeader(key, h);
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new java.io.EOFException("unexpected end of file at " + pos);
            }
            pos += n;
        }
    }

    private void checkOpen(StripeKey key) throws StoreUnavailableException {
        if (closed) {
            throw new StoreUnavailableException(key, "store is closed", null);
        }
    }
}
