package dcfs.proofs.audit;

import dcfs.proofs.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The node's side of an audit: rebuilds the shard's tree and shows the asked leaves. */
public final class AuditProver {
    private final int leafSize;

    public AuditProver(int leafSize) {
        this.leafSize = leafSize;
    }

    public AuditProof answer(AuditChallenge challenge, byte[] shard) {
        MerkleTree tree = MerkleTree.build(shard, leafSize);
        List<AuditProof.Leaf> leaves = new ArrayList<>();
        for (int index : challenge.leafIndices(tree.leafCount())) {
            int from = index * leafSize;
            int to = Math.min(shard.length, from + leafSize);
            leaves.add(new AuditProof.Leaf(Arrays.copyOfRange(shard, Math.min(from, to), to), tree.path(index)));
        }
        return new AuditProof(shard.length, leaves);
    }
}
