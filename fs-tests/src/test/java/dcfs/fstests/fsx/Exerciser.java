package dcfs.fstests.fsx;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * An fsx-style exerciser: runs random operations on one file and checks every read, every size and,
 * at the end, the whole file against a {@link FileModel}. A mismatch fails with the seed, the
 * operation that saw it, the bytes around it and the log of operations so far (also written to a
 * file), so the run can be replayed with {@code -Ddcfs.fsx.seed=SEED}.
 */
public final class Exerciser {
    private static final int LOG_TAIL = 40;
    private final Path file;
    private final FsxConfig config;
    private final Path logFile;
    private final FileModel model;
    private final OpGenerator generator;
    private final List<String> log = new ArrayList<>();
    private final IntConsumer afterOperation;
    private RandomAccessFile handle;

    /**
     * @param logFile where the full operation log is written if the run fails
     */
    public Exerciser(Path file, FsxConfig config, Path logFile) {
        this(file, config, logFile, i -> { });
    }

    /** With a hook run after each operation: the exerciser's own tests corrupt the file there. */
    Exerciser(Path file, FsxConfig config, Path logFile, IntConsumer afterOperation) {
        this.file = file;
        this.config = config;
        this.logFile = logFile;
        this.model = new FileModel(config.maxFileSize());
        this.generator = new OpGenerator(config, new Random(config.seed()));
        this.afterOperation = afterOperation;
    }

    /** Runs every operation; throws {@link AssertionError} at the first difference from the model. */
    public void run() throws IOException {
        Files.deleteIfExists(file);
        handle = new RandomAccessFile(file.toFile(), "rw");
        try {
            for (int i = 0; i < config.operations(); i++) {
                FsxOp op = generator.next(model.size());
                log.add(String.format("%6d %s", i, op));
                try {
                    apply(op);
                    checkSize(op);
                    afterOperation.accept(i);
                } catch (IOException e) {
                    throw failure(op, "failed with " + e, e);
                }
            }
        } finally {
            handle.close();
        }
        FsxOp end = new FsxOp.Reopen();
        log.add("   end read the whole file after close");
        byte[] whole = Files.readAllBytes(file);
        if (whole.length != model.size()) {
            throw failure(end, "the file has " + whole.length + " bytes after close, the model " + model.size(), null);
        }
        compare(end, 0, model.size(), whole);
    }

    private void apply(FsxOp op) throws IOException {
        FileChannel ch = handle.getChannel();
        switch (op) {
            case FsxOp.Read r -> compare(op, r.offset(), r.length(), readFully(ch, r.offset(), r.length()));
            case FsxOp.Write w -> {
                byte[] data = generator.data(w.length());
                ByteBuffer b = ByteBuffer.wrap(data);
                long pos = w.offset();
                while (b.hasRemaining()) {
                    pos += ch.write(b, pos);
                }
                model.write(w.offset(), data);
            }
            case FsxOp.Truncate t -> {
                handle.setLength(t.size());
                model.truncate(t.size());
            }
            case FsxOp.MapRead m -> {
                byte[] got;
                // a mapping tied to an arena is unmapped when the arena closes, not whenever the GC
                // gets to it: a lingering mapping would keep the mount busy at unmount
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, m.offset(), m.length(), arena);
                    got = seg.toArray(ValueLayout.JAVA_BYTE);
                }
                compare(op, m.offset(), m.length(), got);
            }
            case FsxOp.MapWrite m -> {
                byte[] data = generator.data(m.length());
                int end = m.offset() + m.length();
                if (end > model.size()) {
                    handle.setLength(end);
                    model.truncate(end);
                }
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, m.offset(), m.length(), arena);
                    MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_BYTE, 0, data.length);
                    seg.force();
                }
                model.write(m.offset(), data);
            }
            case FsxOp.Fsync f -> ch.force(true);
            case FsxOp.Reopen o -> {
                handle.close();
                handle = new RandomAccessFile(file.toFile(), "rw");
            }
        }
    }

    private static byte[] readFully(FileChannel ch, int offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        long pos = offset;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        byte[] got = new byte[b.position()];
        b.flip().get(got);
        return got;
    }

    /** Both the open descriptor (fstat) and the path (stat) must report the model's size. */
    private void checkSize(FsxOp op) throws IOException {
        long viaHandle = handle.length();
        long viaPath = Files.size(file);
        if (viaHandle != model.size() || viaPath != model.size()) {
            throw failure(op, "size is " + viaHandle + " (fstat) / " + viaPath + " (stat), the model says " + model.size(), null);
        }
    }

    private void compare(FsxOp op, int offset, int length, byte[] got) {
        if (got.length != length) {
            throw failure(op, "short read: " + got.length + " of " + length + " bytes", null);
        }
        int diff = model.firstDifference(offset, got);
        if (diff >= 0) {
            int from = Math.max(0, diff - 8);
            int to = Math.min(got.length, diff + 24);
            HexFormat hex = HexFormat.of();
            throw failure(op, "bad data at 0x" + Integer.toHexString(offset + diff)
                    + " (page 0x" + Integer.toHexString((offset + diff) / 4096) + ")"
                    + "\n  expected from 0x" + Integer.toHexString(offset + from) + ": "
                    + hex.formatHex(model.slice(offset + from, to - from))
                    + "\n  got      from 0x" + Integer.toHexString(offset + from) + ": "
                    + hex.formatHex(got, from, to), null);
        }
    }

    private AssertionError failure(FsxOp op, String what, Throwable cause) {
        String replay = "seed " + config.seed() + " (replay: -Ddcfs.fsx.seed=" + config.seed() + "), file of up to "
                + config.maxFileSize() + " bytes, " + config.operations() + " operations";
        try {
            List<String> all = new ArrayList<>(log);
            all.addFirst("fsx " + replay + " on " + file);
            all.add("FAILED: " + op + ": " + what);
            Files.write(logFile, all);
        } catch (IOException ignored) {
            // the message below carries the tail of the log anyway
        }
        List<String> tail = log.subList(Math.max(0, log.size() - LOG_TAIL), log.size());
        return new AssertionError("fsx " + replay + "\n" + op + ": " + what + "\nlast operations:\n"
                + String.join("\n", tail) + "\nfull log: " + logFile, cause);
    }
}
