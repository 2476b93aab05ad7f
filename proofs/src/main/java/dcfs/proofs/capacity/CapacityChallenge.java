package dcfs.proofs.capacity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The verifier's work item for the proof of capacity: a sequential SHA-256 chain of
 * {@code iterations} steps from a fresh seed. Sequential, so it cannot be spread over other
 * machines; the verifier recomputes it to check the answer and times the round trip for t.
 */
public record CapacityChallenge(byte[] seed, int iterations) {
    public static final int MAX_ITERATIONS = 50_000_000;

    public CapacityChallenge {
        if (seed.length != 32) {
            throw new IllegalArgumentException("seed must be 32 bytes");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
        }
        seed = seed.clone();
    }

    public static CapacityChallenge fresh(int iterations, SecureRandom random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return new CapacityChallenge(seed, iterations);
    }

    @Override
    public byte[] seed() {
        return seed.clone();
    }

    /** The answer: the last hash of the chain. */
    public byte[] solve() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = seed.clone();
            for (int i = 0; i < iterations; i++) {
                h = sha.digest(h);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isAnswer(byte[] answer) {
        return MessageDigest.isEqual(solve(), answer);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapacityChallenge c && Arrays.equals(seed, c.seed) && iterations == c.iterations;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seed) * 31 + iterations;
    }
}
