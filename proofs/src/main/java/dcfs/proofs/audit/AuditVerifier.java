package dcfs.proofs.audit;

import dcfs.proofs.merkle.MerkleTree;
import java.util.List;

/**
 * The auditor's side: checks an answer against the Merkle root the writer kept for the shard, and
 * that it shows exactly the leaves the challenge derives — not leaves of the node's choosing.
 */
public final class AuditVerifier {
    private final int leafSize;

    public AuditVerifier(int leafSize) {
        this.leafSize = leafSize;
    }

    public AuditVerdict check(AuditChallenge challenge, byte[] expectedRoot, long expectedShardLength, AuditProof proof) {
        if (proof.shardLength() != expectedShardLength) {
            return new AuditVerdict.Failed("node reports a shard of " + proof.shardLength() + " bytes, the writer stored "
                    + expectedShardLength);
        }
        int leafCount = MerkleTree.leafCount(expectedShardLength, leafSize);
        int[] asked = challenge.leafIndices(leafCount);
        List<AuditProof.Leaf> shown = proof.leaves();
        if (shown.size() != asked.length) {
            return new AuditVerdict.Failed("asked for " + asked.length + " leaves, got " + shown.size());
        }
        for (int i = 0; i < asked.length; i++) {
            AuditProof.Leaf leaf = shown.get(i);
            if (leaf.path().index() != asked[i]) {
                return new AuditVerdict.Failed("answer " + i + " shows leaf " + leaf.path().index() + ", asked " + asked[i]);
            }
            long expectedLen = Math.min(leafSize, expectedShardLength - (long) asked[i] * leafSize);
            if (leaf.bytes().length != Math.max(0, expectedLen)) {
                return new AuditVerdict.Failed("leaf " + asked[i] + " has " + leaf.bytes().length + " bytes, expected " + expectedLen);
            }
            if (!MerkleTree.verify(expectedRoot, leaf.bytes(), leaf.path(), leafCount)) {
                return new AuditVerdict.Failed("leaf " + asked[i] + " does not hash to the shard's root");
            }
        }
        return new AuditVerdict.Passed();
    }
}
