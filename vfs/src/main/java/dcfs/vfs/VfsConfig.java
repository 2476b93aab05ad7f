package dcfs.vfs;

import java.time.Duration;

/**
 * Tunables of one mounted filesystem.
 *
 * @param stripeSize       bytes per stripe (a file is cut into stripes; each is one store object)
 * @param inlineMax        files up to this size keep their bytes in the metadata, not the store
 * @param cacheBytes       memory budget of the stripe cache (dirty and clean stripes together);
 *                         writers wait when it is used up until write-back frees some
 * @param writeBackDelay   how long a partly written stripe may stay dirty in memory
 * @param syncInterval     how often committed metadata is made durable without an fsync asking
 * @param readAheadStripes how many stripes sequential reads fetch ahead
 * @param ioThreads        store operations in flight at once (write-back and read-ahead)
 * @param readOnly         refuse every change (EROFS)
 */
public record VfsConfig(int stripeSize, int inlineMax, long cacheBytes, Duration writeBackDelay, Duration syncInterval,
                        int readAheadStripes, int ioThreads, boolean readOnly) {
    public static final int DEFAULT_STRIPE_SIZE = 4 << 20;
    public static final int DEFAULT_INLINE_MAX = 64 << 10;
    public static final long DEFAULT_CACHE_BYTES = 256L << 20;

    public VfsConfig {
        if (stripeSize < 4096 || Integer.bitCount(stripeSize) != 1) {
            throw new IllegalArgumentException("stripe size must be a power of two ≥ 4096: " + stripeSize);
        }
        if (inlineMax < 0 || inlineMax > stripeSize) {
            throw new IllegalArgumentException("inline limit must be within one stripe: " + inlineMax);
        }
        if (cacheBytes < 4L * stripeSize) {
            throw new IllegalArgumentException("cache must hold at least 4 stripes (" + 4L * stripeSize + " bytes)");
        }
        if (ioThreads < 1 || readAheadStripes < 0) {
            throw new IllegalArgumentException("ioThreads ≥ 1 and readAheadStripes ≥ 0");
        }
    }

    public static VfsConfig defaults() {
        return new VfsConfig(DEFAULT_STRIPE_SIZE, DEFAULT_INLINE_MAX, DEFAULT_CACHE_BYTES, Duration.ofSeconds(5),
                Duration.ofSeconds(1), 8, 8, false);
    }

    public VfsConfig withCacheBytes(long bytes) {
        return new VfsConfig(stripeSize, inlineMax, bytes, writeBackDelay, syncInterval, readAheadStripes, ioThreads,
                readOnly);
    }

    public VfsConfig withReadOnly(boolean ro) {
        return new VfsConfig(stripeSize, inlineMax, cacheBytes, writeBackDelay, syncInterval, readAheadStripes,
                ioThreads, ro);
    }

    public VfsConfig withStripeSize(int size, int inline) {
        return new VfsConfig(size, inline, Math.max(cacheBytes, 4L * size), writeBackDelay, syncInterval,
                readAheadStripes, ioThreads, readOnly);
    }

    public VfsConfig withReadAhead(int stripes, int threads) {
        return new VfsConfig(stripeSize, inlineMax, cacheBytes, writeBackDelay, syncInterval, stripes, threads, readOnly);
    }

    public VfsConfig withWriteBackDelay(Duration d) {
        return new VfsConfig(stripeSize, inlineMax, cacheBytes, d, syncInterval, readAheadStripes, ioThreads, readOnly);
    }
}
