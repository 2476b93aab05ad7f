package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.replicanet.MemberId;
import dcfs.vfs.store.FileId;
import dcfs.vfs.store.StripeKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stripe's condition from its copies: whole, degraded while k shards are good, lost below. */
class ExaminationTest {
    static Examination exam() {
        StoredStripe s = new StoredStripe(7, 2, new StripeKey(new FileId(1, 2), 2, 3));
        Examination ex = new Examination(s, null, null, 2, 2, 3);
        for (CopyState[] row : ex.state) {
            Arrays.fill(row, CopyState.OK);
        }
        Arrays.fill(ex.good, true);
        byte[] id = new byte[MemberId.LENGTH];
        id[0] = (byte) 0xab;
        ex.node[1][2] = new MemberId(id);
        return ex;
    }

    @Test
    void everyCopyGoodIsWhole() {
        Examination ex = exam();
        assertEquals(Condition.WHOLE, ex.condition());
        assertTrue(ex.describeProblems().isEmpty());
    }

    @Test
    void aBadCopyWithAGoodOneLeftIsDegradedAndNamedByNode() {
        Examination ex = exam();
        ex.state[1][2] = CopyState.DAMAGED;
        ex.detail[1][2] = "segment 0 fails authentication";
        assertEquals(Condition.DEGRADED, ex.condition());
        List<String> p = ex.describeProblems();
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("shard 2 copy 1 on ab"), p.get(0));
        assertTrue(p.get(0).endsWith("damaged (segment 0 fails authentication)"), p.get(0));
    }

    @Test
    void unreachableOrUnplacedCopiesDegradeToo() {
        Examination ex = exam();
        ex.state[0][0] = CopyState.UNPLACED;
        assertEquals(Condition.DEGRADED, ex.condition());
        ex.state[0][1] = CopyState.UNREACHABLE;
        assertEquals(Condition.DEGRADED, ex.condition());
    }

    @Test
    void fewerThanKGoodShardsIsLost() {
        Examination ex = exam();
        ex.good[0] = false;
        ex.state[0][0] = CopyState.MISSING;
        assertEquals(Condition.DEGRADED, ex.condition(), "2 of 3 good, k = 2");
        ex.good[1] = false;
        ex.state[1][1] = CopyState.MISSING;
        assertEquals(Condition.LOST, ex.condition());
        assertEquals(1, ex.goodShards());
    }
}
