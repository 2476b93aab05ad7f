package dcfs.proofs.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static byte[] sha(byte prefix, byte[]... parts) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(prefix);
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    @Test
    void rootsOfSmallTreesFollowTheDocumentedConstruction() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(sha((byte) 0, new byte[0]), MerkleTree.build(new byte[0], 4).root(), "empty shard: one empty leaf");
        assertArrayEquals(sha((byte) 0, abc), MerkleTree.build(abc, 4).root(), "one leaf: its leaf hash");
        byte[] five = "abcde".getBytes(StandardCharsets.US_ASCII);
        byte[] h0 = sha((byte) 0, "ab".getBytes(StandardCharsets.US_ASCII));
        byte[] h1 = sha((byte) 0, "cd".getBytes(StandardCharsets.US_ASCII));
        byte[] h2 = sha((byte) 0, "e".getBytes(StandardCharsets.US_ASCII));
        // Three leaves: (h0,h1) pair up, h2 is promoted, then the two join.
        byte[] expected = sha((byte) 1, sha((byte) 1, h0, h1), h2);
        MerkleTree t = MerkleTree.build(five, 2);
        assertEquals(3, t.leafCount());
        assertArrayEquals(expected, t.root());
    }

    @Property(tries = 200)
    void everyLeafProvesMembershipAndNothingElseDoes(@ForAll @Size(max = 5000) byte[] data,
                                                     @ForAll @IntRange(min = 1, max = 700) int leafSize) {
        MerkleTree t = MerkleTree.build(data, leafSize);
        byte[] root = t.root();
        for (int i = 0; i < t.leafCount(); i++) {
            int from = Math.min(data.length, i * leafSize);
            byte[] leaf = java.util.Arrays.copyOfRange(data, from, Math.min(data.length, from + leafSize));
            MerklePath path = t.path(i);
            assertTrue(MerkleTree.verify(root, leaf, path, t.leafCount()), "leaf " + i);

            byte[] forged = leaf.clone();
            if (forged.length > 0) {
                forged[forged.length / 2] ^= 1;
                assertFalse(MerkleTree.verify(root, forged, path, t.leafCount()), "flipped byte in leaf " + i);
            }
            if (t.leafCount() > 1) {
                MerklePath moved = new MerklePath((i + 1) % t.leafCount(), path.siblings());
                byte[] other = java.util.Arrays.copyOfRange(data, Math.min(data.length, moved.index() * leafSize),
                        Math.min(data.length, moved.index() * leafSize + leafSize));
                if (!java.util.Arrays.equals(other, leaf)) {
                    assertFalse(MerkleTree.verify(root, leaf, moved, t.leafCount()), "leaf " + i + " claimed at another index");
                }
            }
            for (int s = 0; s < path.siblings().size(); s++) {
                if (path.siblings().get(s).length == 32) {
                    List<byte[]> bad = new ArrayList<>(path.siblings());
                    byte[] sib = bad.get(s).clone();
                    sib[0] ^= 0x40;
                    bad.set(s, sib);
                    assertFalse(MerkleTree.verify(root, leaf, new MerklePath(i, bad), t.leafCount()), "forged sibling");
                }
            }
        }
    }
}
