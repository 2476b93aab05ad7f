package dcfs.fstests.fsx;

import java.util.Random;

/**
 * Picks the next operation the way fsx does: mostly reads and writes at random offsets, with
 * mapped I/O, truncates (down and up, leaving holes), fsyncs and reopens mixed in. Everything
 * comes from one seeded generator, so a seed names a whole run.
 */
final class OpGenerator {
    // Relative weights: read, write, mapped read, mapped write, truncate, fsync, reopen.
    private static final int[] WEIGHTS = {25, 25, 10, 10, 12, 4, 4};
    private final Random random;
    private final FsxConfig config;
    private final int totalWeight;

    OpGenerator(FsxConfig config, Random random) {
        this.config = config;
        this.random = random;
        int sum = 0;
        for (int w : WEIGHTS) {
            sum += w;
        }
        this.totalWeight = sum;
    }

    FsxOp next(int fileSize) {
        int pick = random.nextInt(totalWeight);
        int kind = 0;
        while (pick >= WEIGHTS[kind]) {
            pick -= WEIGHTS[kind];
            kind++;
        }
        // reading an empty file tells nothing: write instead
        if (fileSize == 0 && (kind == 0 || kind == 2)) {
            kind = kind == 0 ? 1 : 3;
        }
        return switch (kind) {
            case 0 -> readAt(fileSize, false);
            case 1 -> {
                int offset = offsetAnywhere();
                yield new FsxOp.Write(offset, Math.min(length(), config.maxFileSize() - offset));
            }
            case 2 -> readAt(fileSize, true);
            case 3 -> {
                int offset = offsetAnywhere();
                yield new FsxOp.MapWrite(offset, Math.min(length(), config.maxFileSize() - offset));
            }
            case 4 -> new FsxOp.Truncate(random.nextInt(config.maxFileSize() + 1));
            case 5 -> new FsxOp.Fsync();
            default -> new FsxOp.Reopen();
        };
    }

    private FsxOp readAt(int fileSize, boolean mapped) {
        int offset = random.nextInt(fileSize);
        int length = Math.min(length(), fileSize - offset);
        return mapped ? new FsxOp.MapRead(offset, length) : new FsxOp.Read(offset, length);
    }

    // Offsets and lengths: half the time aligned to 4 KiB pages, half anywhere, as fsx -N mixes them.
    private int offsetAnywhere() {
        int o = random.nextInt(config.maxFileSize());
        return random.nextBoolean() ? o & ~4095 : o;
    }

    private int length() {
        int l = 1 + random.nextInt(config.maxOpLength());
        return random.nextInt(4) == 0 ? Math.max(4096, l & ~4095) : l;
    }

    /** Writes the generated data too: it comes from the same generator, so a seed replays it. */
    byte[] data(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
