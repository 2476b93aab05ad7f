package dcfs.proofs.merkle;

import java.util.List;

/**
 * The sibling hashes from one leaf to the root, bottom first. An empty sibling marks a level where
 * the node was the odd one out and was promoted unchanged.
 */
public record MerklePath(int index, List<byte[]> siblings) {
    public MerklePath {
        siblings = List.copyOf(siblings);
    }

    /** Bytes this path costs on the wire. */
    public int encodedSize() {
        return siblings.stream().mapToInt(s -> 1 + s.length).sum();
    }
}
