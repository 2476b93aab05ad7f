package dcfs.proofs.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.proofs.ledger.RewardParameters;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CapacityTest {
    private static final long GIB = 1L << 30;

    @Test
    void formulaAsThePaperWritesIt() {
        CapacityFormula f = new CapacityFormula(10_000);
        // P=2, Q=4, t=400 ms, φ=0.25: 2/4 · sqrt(100) = 5; sR−sT = 100 GiB − 40 GiB = 60.
        assertEquals(65.0, f.capacity(new CapacityReport(2, 4, 400, 0.25, 100 * GIB, 40 * GIB)), 1e-9);
    }

    @Test
    void slowAnswersEarnNoMoreThanTheWindowAllows() {
        CapacityFormula f = new CapacityFormula(100);
        double atWindow = f.capacity(new CapacityReport(1, 1, 100, 1, 0, 0));
        assertEquals(atWindow, f.capacity(new CapacityReport(1, 1, 1_000_000, 1, 0, 0)), 1e-9);
        assertEquals(0, f.capacity(new CapacityReport(1, 1, 0, 1, 10 * GIB, 20 * GIB)), 1e-9, "a full disk is not a debt");
    }

    @Test
    void reportsOutsideTheDomainAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CapacityReport(0, 1, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CapacityReport(1, 1, 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CapacityReport(1, 1, 1, 1.5, 0, 0));
    }

    @Test
    void challengeAnswersVerify() {
        CapacityChallenge c = CapacityChallenge.fresh(1000, new SecureRandom());
        byte[] answer = c.solve();
        assertTrue(c.isAnswer(answer));
        answer[0] ^= 1;
        assertFalse(c.isAnswer(answer));
    }

    @Test
    void rewardsShareThePoolByCapacity() {
        RewardParameters p = new RewardParameters(1_000_000, 0.6, 0.3, 10);
        assertEquals(150_000, p.capacityReward(25, 100), "RW1 = SP·PMA·C/ΣC");
        assertEquals(75_000, p.storageReward(25, 100), "RW2 = SP·PMB·C/ΣC");
        assertEquals(0, p.capacityReward(0, 100));
        assertThrows(IllegalArgumentException.class, () -> new RewardParameters(1, 0.8, 0.3, 0));
    }
}
