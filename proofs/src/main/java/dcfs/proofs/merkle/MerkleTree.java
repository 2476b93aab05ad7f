package dcfs.proofs.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A binary SHA-256 Merkle tree over the fixed-size leaves of one shard (docs/proofs.md, "Merkle
 * tree"). Leaves and inner nodes are hashed with distinct one-byte prefixes (0x00, 0x01) so a leaf can
 * never pass for an inner node; an odd node at the end of a level is promoted unchanged.
 *
 * <p>The writer keeps only {@link #root()} per shard; a node that still holds the shard can rebuild
 * the tree at audit time and answer with the asked leaves and their {@link MerklePath}s.
 */
public final class MerkleTree {
    /** Default leaf size: small enough that an audit moves little data, large enough that the tree stays small. */
    public static final int DEFAULT_LEAF_SIZE = 4096;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private final int leafSize;
    private final int leafCount;
    /** levels.get(0) are the leaf hashes; the last level holds the root alone. */
    private final List<byte[][]> levels;

    private MerkleTree(int leafSize, int leafCount, List<byte[][]> levels) {
        this.leafSize = leafSize;
        this.leafCount = leafCount;
        this.levels = levels;
    }

    /** Builds the tree of {@code data[off, off+len)}; an empty shard has one empty leaf. */
    public static MerkleTree build(byte[] data, int off, int len, int leafSize) {
        if (leafSize < 1) {
            throw new IllegalArgumentException("leaf size must be positive, got " + leafSize);
        }
        int count = leafCount(len, leafSize);
        MessageDigest sha = sha256();
        byte[][] leaves = new byte[count][];
        for (int i = 0; i < count; i++) {
            int start = off + i * leafSize;
            int n = Math.min(leafSize, off + len - start);
            leaves[i] = leafHash(sha, data, start, Math.max(n, 0));
        }
        List<byte[][]> levels = new ArrayList<>();
        levels.add(leaves);
        byte[][] level = leaves;
        while (level.length > 1) {
            byte[][] up = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = 2 * i + 1 < level.length ? nodeHash(sha, level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            levels.add(up);
            level = up;
        }
        return new MerkleTree(leafSize, count, levels);
    }

    public static MerkleTree build(byte[] data, int leafSize) {
        return build(data, 0, data.length, leafSize);
    }

    /** Leaves a shard of {@code length} bytes has (at least one). */
    public static int leafCount(long length, int leafSize) {
        return (int) Math.max(1, (length + leafSize - 1) / leafSize);
    }

    public byte[] root() {
        return levels.get(levels.size() - 1)[0].clone();
    }

    public int leafCount() {
        return leafCount;
    }

    public int leafSize() {
        return leafSize;
    }

    /** The sibling hashes from leaf {@code index} up to the root. */
    public MerklePath path(int index) {
        if (index < 0 || index >= leafCount) {
            throw new IndexOutOfBoundsException("leaf " + index + " of " + leafCount);
        }
        List<byte[]> siblings = new ArrayList<>();
        int i = index;
        for (int l = 0; l < levels.size() - 1; l++) {
            byte[][] level = levels.get(l);
            int sibling = i ^ 1;
            // A promoted odd node has no sibling at this level: record an empty entry.
            siblings.add(sibling < level.length ? level[sibling].clone() : new byte[0]);
            i >>= 1;
        }
        return new MerklePath(index, siblings);
    }

    /** True if {@code leaf} is leaf {@code path.index()} of the tree whose root is {@code root}. */
    public static boolean verify(byte[] root, byte[] leaf, MerklePath path, int leafCount) {
        if (path.index() < 0 || path.index() >= leafCount || path.siblings().size() != depth(leafCount)) {
            return false;
        }
        MessageDigest sha = sha256();
        byte[] h = leafHash(sha, leaf, 0, leaf.length);
        int i = path.index();
        int width = leafCount;
        for (byte[] sibling : path.siblings()) {
            boolean promoted = (i ^ 1) >= width;
            if (promoted) {
                if (sibling.length != 0) {
                    return false;
                }
            } else if (sibling.length != 32) {
                return false;
            } else {
                h = (i & 1) == 0 ? nodeHash(sha, h, sibling) : nodeHash(sha, sibling, h);
            }
            i >>= 1;
            width = (width + 1) / 2;
        }
        return MessageDigest.isEqual(h, root);
    }

    /** Levels above the leaves: the length of every path in a tree of {@code leafCount} leaves. */
    static int depth(int leafCount) {
        int d = 0;
        for (int w = leafCount; w > 1; w = (w + 1) / 2) {
            d++;
        }
        return d;
    }

    private static byte[] leafHash(MessageDigest sha, byte[] data, int off, int len) {
        sha.reset();
        sha.update(LEAF_PREFIX);
        sha.update(data, off, len);
        return sha.digest();
    }

    private static byte[] nodeHash(MessageDigest sha, byte[] left, byte[] right) {
        sha.reset();
        sha.update(NODE_PREFIX);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "MerkleTree[" + leafCount + " leaves of " + leafSize + " B, root " + HexFormat.of().formatHex(root()) + "]";
    }
}
