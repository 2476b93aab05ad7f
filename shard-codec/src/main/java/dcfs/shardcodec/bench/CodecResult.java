package dcfs.shardcodec.bench;

import java.util.Arrays;

/**
 * The figure for one case: the median MB/s (10^6 data bytes per second) of the timed runs, and
 * every run's figure so a reader can see the spread.
 */
public record CodecResult(CodecCase benchCase, double medianMbPerSecond, double[] runsMbPerSecond) {

    public CodecResult {
        runsMbPerSecond = runsMbPerSecond.clone();
    }

    @Override
    public double[] runsMbPerSecond() {
        return runsMbPerSecond.clone();
    }

    /** The median of {@code values} (mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
