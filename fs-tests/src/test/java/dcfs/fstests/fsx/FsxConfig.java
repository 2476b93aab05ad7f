package dcfs.fstests.fsx;

/**
 * The shape of one exerciser run.
 *
 * @param maxFileSize the file never grows past this
 * @param maxOpLength the longest read, write or mapping
 * @param operations  how many operations to run
 * @param seed        the generator's seed: the same seed replays the same run
 */
public record FsxConfig(int maxFileSize, int maxOpLength, int operations, long seed) {
    public FsxConfig {
        if (maxOpLength > maxFileSize || maxFileSize <= 0 || maxOpLength <= 0 || operations < 0) {
            throw new IllegalArgumentException("bad fsx configuration " + maxFileSize + "/" + maxOpLength + "/" + operations);
        }
    }
}
