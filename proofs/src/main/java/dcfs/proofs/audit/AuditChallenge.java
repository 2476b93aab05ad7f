package dcfs.proofs.audit;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A proof-of-storage question for one shard (docs/proofs.md, "Audit"): which leaves to show is
 * derived from a fresh nonce, so a node cannot precompute answers, and the verifier can recompute
 * the indices instead of trusting the node's choice.
 *
 * @param shardId the 32-byte id the node stores the shard under
 * @param nonce   16 fresh random bytes from the auditor
 * @param samples how many distinct leaves to show (capped by the shard's leaf count)
 */
public record AuditChallenge(byte[] shardId, byte[] nonce, int samples) {
    public static final int NONCE_BYTES = 16;
    public static final int MAX_SAMPLES = 64;

    public AuditChallenge {
        if (shardId.length != 32) {
            throw new IllegalArgumentException("shard id must be 32 bytes, got " + shardId.length);
        }
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be " + NONCE_BYTES + " bytes, got " + nonce.length);
        }
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("samples must be 1.." + MAX_SAMPLES + ", got " + samples);
        }
        shardId = shardId.clone();
        nonce = nonce.clone();
    }

    public static AuditChallenge fresh(byte[] shardId, int samples, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return new AuditChallenge(shardId, nonce, samples);
    }

    @Override
    public byte[] shardId() {
        return shardId.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    /** The distinct leaf indices this challenge asks for, in asking order. */
    public int[] leafIndices(int leafCount) {
        int want = Math.min(samples, leafCount);
        Set<Integer> picked = new LinkedHashSet<>();
        MessageDigest sha = sha256();
        for (long counter = 0; picked.size() < want; counter++) {
            sha.update("dcfs/audit/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update(nonce);
            sha.update(shardId);
            sha.update(ByteBuffer.allocate(8).putLong(counter).array());
            long v = ByteBuffer.wrap(sha.digest()).getLong() & Long.MAX_VALUE;
            picked.add((int) (v % leafCount));
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditChallenge c && Arrays.equals(shardId, c.shardId) && Arrays.equals(nonce, c.nonce)
                && samples == c.samples;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shardId) + Arrays.hashCode(nonce) + samples;
    }

    @Override
    public String toString() {
        return "AuditChallenge[" + samples + " samples]";
    }
}
