package dcfs.tools.codec;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An output file written under a temporary name beside its target and renamed over it by
 * {@link #commit()}, so a failed or interrupted command leaves the old file (or none) rather than a
 * half-written one. {@link #close()} is idempotent and deletes the temporary file unless committed.
 */
final class PendingFile implements Closeable {
    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private boolean committed;
    private boolean closed;

    private PendingFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
    }

    /**
     * Opens {@code .NAME.<random>.part} beside {@code target}, created like any new file (permissions
     * from the umask, unlike {@code Files.createTempFile}'s owner-only ones, which would stick to the
     * renamed result).
     */
    static PendingFile create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            Path temporary = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
            try {
                return new PendingFile(target, temporary,
                        FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    Path target() {
        return target;
    }

    /** Writes all of {@code bytes[0, length)} at {@code position}. */
    void write(byte[] bytes, int offset, int length, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /** Flushes to disk and renames over the target. */
    void commit() throws IOException {
        channel.force(true);
        channel.close();
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        channel.close();
        if (!committed) {
            Files.deleteIfExists(temporary);
        }
    }
}
