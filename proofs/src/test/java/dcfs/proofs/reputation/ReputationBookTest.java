package dcfs.proofs.reputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.proofs.audit.AuditVerdict;
import org.junit.jupiter.api.Test;

class ReputationBookTest {
    private static final AuditVerdict PASS = new AuditVerdict.Passed();
    private static final AuditVerdict FAIL = new AuditVerdict.Failed("wrong leaf");

    @Test
    void aRunOfFailuresEjects() {
        ReputationBook book = new ReputationBook(EjectionPolicy.DEFAULT);
        assertFalse(book.record("n", FAIL));
        assertFalse(book.record("n", new AuditVerdict.Late(5000)));
        assertTrue(book.record("n", FAIL));
    }

    @Test
    void aPassResetsTheRunButNotTheRate() {
        ReputationBook book = new ReputationBook(EjectionPolicy.DEFAULT);
        for (int i = 0; i < 8; i++) {
            book.record("n", PASS);
        }
        book.record("n", FAIL);
        book.record("n", FAIL);
        assertFalse(book.record("n", PASS), "passes never eject");
        assertEquals(0, book.of("n").consecutiveFailures());
        // 3 of 12 failed = 25% > 20% once enough samples exist.
        assertTrue(book.record("n", FAIL));
    }
}
