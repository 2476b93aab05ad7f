package dcfs.replicanet.upkeep;

import dcfs.replicanet.MemberId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * Who records a node's rewards: not the node itself (a node signing its own rewards proves
 * nothing), but one other member chosen by rendezvous hashing, the same on every node and client
 * that sees the same members: the member {@code r ≠ n} with the highest
 * {@code SHA-256("dcfs/recorder/v1" ‖ n ‖ r)}. When members come and go, only the nodes whose
 * recorder left get a new one.
 */
public final class Recorders {
    private static final byte[] LABEL = "dcfs/recorder/v1".getBytes(StandardCharsets.US_ASCII);

    private Recorders() {
    }

    /** The recorder of {@code node} among {@code members} (which may include it), or null if it is alone. */
    public static MemberId of(MemberId node, Collection<MemberId> members) {
        MemberId best = null;
        byte[] bestScore = null;
        MessageDigest sha = sha256();
        for (MemberId m : members) {
            if (m.equals(node)) {
                continue;
            }
            sha.update(LABEL);
            sha.update(node.unsafeBytes());
            sha.update(m.unsafeBytes());
            byte[] score = sha.digest();
            if (bestScore == null || java.util.Arrays.compareUnsigned(score, bestScore) > 0) {
                best = m;
                bestScore = score;
            }
        }
        return best;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
