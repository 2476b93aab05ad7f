package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dcfs.proofs.audit.AuditVerdict;
import dcfs.proofs.reputation.EjectionPolicy;
import dcfs.proofs.reputation.NodeReputation;
import dcfs.proofs.reputation.ReputationBook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reputation between audit runs: failures add up across runs until the policy ejects. */
class ReputationFileTest {
    @TempDir
    Path dir;

    @Test
    void noFileIsAnEmptyBook() throws Exception {
        assertTrue(ReputationFile.load(dir.resolve("none"), EjectionPolicy.DEFAULT).all().isEmpty());
    }

    @Test
    void failuresAddUpAcrossRunsUntilTheNodeIsDue() throws Exception {
        for (int run = 0; run < 3; run++) {
            ReputationBook b = ReputationFile.load(dir, EjectionPolicy.DEFAULT);
            assertFalse(b.dueForEjection("aa"), "run " + run);
            b.record("aa", new AuditVerdict.Failed("wrong leaf"));
            b.record("bb", new AuditVerdict.Passed());
            ReputationFile.save(dir, b);
        }
        ReputationBook b = ReputationFile.load(dir, EjectionPolicy.DEFAULT);
        assertEquals(new NodeReputation("aa", 0, 3, 3), b.of("aa"));
        assertEquals(new NodeReputation("bb", 3, 0, 0), b.of("bb"));
        assertTrue(b.dueForEjection("aa"));
        assertFalse(b.dueForEjection("bb"));
        assertFalse(Files.exists(dir.resolve(ReputationFile.NAME + ".tmp")));
    }

    @Test
    void aBadLineIsNamed() throws Exception {
        Files.writeString(dir.resolve(ReputationFile.NAME), "# comment\n\naa 1 2 0\nbb one 2 0\n");
        IOException e = assertThrows(IOException.class, () -> ReputationFile.load(dir, EjectionPolicy.DEFAULT));
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
    }
}
