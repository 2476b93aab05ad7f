package dcfs.keyring.file;

/**
 * Argon2id parameters (RFC 9106) for the key that seals a keyring file. Stored in the file, so a
 * file keeps opening whatever the defaults become.
 *
 * @param memoryKiB memory in KiB (at least 8 × parallelism)
 * @param iterations passes over the memory
 * @param parallelism lanes
 */
public record KdfParams(int memoryKiB, int iterations, int parallelism) {
    /** Upper bounds a reader accepts, so a damaged or hostile file cannot ask for 4 TiB of memory. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    public KdfParams {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2 parallelism is 1 to " + MAX_PARALLELISM + ", not " + parallelism);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory is " + 8 * parallelism + " to " + MAX_MEMORY_KIB
                    + " KiB, not " + memoryKiB);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Argon2 iterations are 1 to " + MAX_ITERATIONS + ", not " + iterations);
        }
    }

    /** The default: RFC 9106's second recommended option, 64 MiB, 3 passes, 4 lanes. */
    public static KdfParams strong() {
        return new KdfParams(64 * 1024, 3, 4);
    }

    /** Cheap parameters for tests only: a file sealed with them is easy to brute-force. */
    public static KdfParams forTests() {
        return new KdfParams(64, 1, 1);
    }
}
