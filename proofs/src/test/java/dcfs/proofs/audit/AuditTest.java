package dcfs.proofs.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.proofs.merkle.MerkleTree;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class AuditTest {
    private static final int LEAF = 1024;
    private final SecureRandom random = new SecureRandom();

    private static byte[] shard(int len, long seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void honestNodePasses() throws Exception {
        byte[] shard = shard(100_000, 1);
        byte[] root = MerkleTree.build(shard, LEAF).root();
        AuditChallenge c = AuditChallenge.fresh(new byte[32], 16, random);
        AuditProof p = AuditProof.decode(new AuditProver(LEAF).answer(c, shard).encode(), LEAF);
        assertTrue(new AuditVerifier(LEAF).check(c, root, shard.length, p).passed());
    }

    @Test
    void nodeThatLostPartOfTheShardFailsWhenTheDamageIsSampled() {
        byte[] shard = shard(20 * LEAF, 2);
        byte[] root = MerkleTree.build(shard, LEAF).root();
        byte[] damaged = shard.clone();
        damaged[7 * LEAF + 5] ^= 1;
        // 20 samples over 20 leaves: every leaf is shown, so the damage must be caught.
        AuditChallenge c = AuditChallenge.fresh(new byte[32], 20, random);
        AuditVerdict v = new AuditVerifier(LEAF).check(c, root, shard.length, new AuditProver(LEAF).answer(c, damaged));
        assertInstanceOf(AuditVerdict.Failed.class, v);
        // The prover's rebuilt tree differs above leaf 7 too, so whichever asked leaf is checked first fails.
        assertTrue(((AuditVerdict.Failed) v).reason().contains("does not hash to the shard's root"), v.toString());
    }

    @Test
    void nodeCannotShowLeavesOfItsOwnChoosing() {
        byte[] shard = shard(50 * LEAF, 3);
        byte[] root = MerkleTree.build(shard, LEAF).root();
        AuditChallenge asked = AuditChallenge.fresh(new byte[32], 4, random);
        AuditChallenge other = AuditChallenge.fresh(new byte[32], 4, random);
        AuditProof answerToOther = new AuditProver(LEAF).answer(other, shard);
        if (!Arrays.equals(asked.leafIndices(50), other.leafIndices(50))) {
            assertFalse(new AuditVerifier(LEAF).check(asked, root, shard.length, answerToOther).passed());
        }
    }

    @Test
    void truncatedShardFails() {
        byte[] shard = shard(10 * LEAF, 4);
        byte[] root = MerkleTree.build(shard, LEAF).root();
        AuditChallenge c = AuditChallenge.fresh(new byte[32], 3, random);
        byte[] cut = Arrays.copyOf(shard, shard.length - 1);
        assertFalse(new AuditVerifier(LEAF).check(c, root, shard.length, new AuditProver(LEAF).answer(c, cut)).passed());
    }

    @Test
    void indicesAreDistinctAndDeterministic() {
        AuditChallenge c = new AuditChallenge(new byte[32], new byte[16], 10);
        int[] a = c.leafIndices(12);
        assertEquals(10, Arrays.stream(a).distinct().count());
        assertTrue(Arrays.equals(a, c.leafIndices(12)));
        assertEquals(3, c.leafIndices(3).length, "capped by the leaf count");
    }

    @Property(tries = 500)
    void decodingArbitraryBytesNeverThrowsUnchecked(@ForAll byte[] junk) {
        try {
            AuditProof.decode(junk, LEAF);
        } catch (MalformedProofException expected) {
            // the only acceptable failure
        }
    }

    @Test
    void encodingRoundTrips() throws Exception {
        byte[] shard = shard(5000, 5);
        AuditChallenge c = AuditChallenge.fresh(new byte[32], 5, random);
        AuditProof p = new AuditProver(LEAF).answer(c, shard);
        AuditProof back = AuditProof.decode(p.encode(), LEAF);
        assertEquals(p.shardLength(), back.shardLength());
        List<AuditProof.Leaf> a = p.leaves();
        for (int i = 0; i < a.size(); i++) {
            assertTrue(Arrays.equals(a.get(i).bytes(), back.leaves().get(i).bytes()));
            assertEquals(a.get(i).path().index(), back.leaves().get(i).path().index());
        }
    }
}
