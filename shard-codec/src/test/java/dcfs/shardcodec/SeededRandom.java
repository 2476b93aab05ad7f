package dcfs.shardcodec;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * A "secure" random that replays a seed, so encoder output is reproducible in tests (nonces only:
 * never use outside tests).
 */
public final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient SplittableRandom random;

    public SeededRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }
}
