package dcfs.proofs.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardLedgerTest {
    private static KeyPair auditor;
    private static KeyPair stranger;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        auditor = g.generateKeyPair();
        stranger = g.generateKeyPair();
    }

    @Test
    void appendedEntriesSurviveReopenAndVerify(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger");
        try (RewardLedger l = RewardLedger.open(file)) {
            l.append(EntryKind.CAPACITY_REWARD, "node-a", 150, "C=25 ΣC=100", "auditor", auditor.getPrivate());
            l.append(EntryKind.STORAGE_REWARD, "node-a", 75, "audit passed", "auditor", auditor.getPrivate());
            l.append(EntryKind.SERVING_REWARD, "node-b", 10, "first in group", "auditor", auditor.getPrivate());
        }
        try (RewardLedger l = RewardLedger.open(file)) {
            assertEquals(3, l.entries().size());
            l.verify(Map.of("auditor", auditor.getPublic()));
            assertEquals(Map.of("node-a", 225L, "node-b", 10L), l.balances());
            MalformedLedgerException e = assertThrows(MalformedLedgerException.class,
                    () -> l.verify(Map.of("auditor", stranger.getPublic())));
            assertTrue(e.getMessage().contains("signature"), e.getMessage());
        }
    }

    @Test
    void anEditedLedgerIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ledger");
        try (RewardLedger l = RewardLedger.open(file)) {
            l.append(EntryKind.CAPACITY_REWARD, "node-a", 150, "", "auditor", auditor.getPrivate());
            l.append(EntryKind.CAPACITY_REWARD, "node-b", 150, "", "auditor", auditor.getPrivate());
        }
        byte[] bytes = Files.readAllBytes(file);
        // The first entry's amount field: raise node-a's reward behind the chain's back.
        int amountAt = 4 + 1 + 8 + 32 + 8 + 1 + 2 + "node-a".length();
        bytes[amountAt + 7] ^= 0x7f;
        Files.write(file, bytes);
        MalformedLedgerException e = assertThrows(MalformedLedgerException.class, () -> RewardLedger.open(file));
        assertTrue(e.getMessage().contains("does not link"), e.getMessage());
    }

    @Property(tries = 300)
    void decodingArbitraryBytesFailsCleanly(@ForAll byte[] junk) {
        try {
            LedgerEntry.decode(junk);
        } catch (MalformedLedgerException expected) {
            // the only acceptable failure
        }
    }
}
