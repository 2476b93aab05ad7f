package dcfs.replicanet.wire;

/**
 * What a node reports about itself every gossip round (the paper's monitoring list). Sizes in bytes.
 *
 * @param uptimeMillis time since the node process started
 * @param logicalProcessors CPUs the JVM may use
 * @param sockets physical processors (P in the capacity formula)
 * @param coresPerSocket cores per physical processor (Q)
 * @param loadMilli one-minute load average × 1000 (0 where the OS has none)
 * @param memoryTotal physical memory
 * @param memoryFree free physical memory
 * @param swapTotal swap space
 * @param swapFree free swap space
 * @param diskTotal size of the file system holding the store
 * @param diskUsed used bytes of that file system
 * @param shards shards held
 * @param shardBytes bytes of shards held
 * @param version the node's software version (at most 64 bytes of UTF-8)
 */
public record Health(long uptimeMillis, int logicalProcessors, int sockets, int coresPerSocket, long loadMilli,
        long memoryTotal, long memoryFree, long swapTotal, long swapFree, long diskTotal, long diskUsed,
        long shards, long shardBytes, String version) {
    public static final int MAX_VERSION_BYTES = 64;

    public static Health unknown() {
        return new Health(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "");
    }

    /** Used share of the disk, 0..1 (0 when unknown). */
    public double fill() {
        return diskTotal <= 0 ? 0 : (double) diskUsed / diskTotal;
    }
}
