package dcfs.tools.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.PeerRejectedException;
import dcfs.keyring.identity.RevocationList;
import dcfs.keyring.identity.Role;
import dcfs.tools.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dcfs network init|issue|revoke|show}, through dcfs.tools.Main. */
class NetworkCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void initIssueRevokeShow() throws Exception {
        String net = tmp.resolve("net").toString();
        CommandRun init = CommandRun.of("network", "init", "--dir", net);
        assertEquals(ExitCodes.OK, init.exitCode(), init.err());

        CommandRun node = CommandRun.of("network", "issue", "--dir", net, "--role", "node", "--out",
                tmp.resolve("n1").toString(), "--name", "node-1", "--days", "30");
        assertEquals(ExitCodes.OK, node.exitCode(), node.err());
        CommandRun client = CommandRun.of("network", "issue", "--dir", net, "--role", "client", "--out",
                tmp.resolve("c1").toString());
        assertEquals(ExitCodes.OK, client.exitCode(), client.err());

        NodeIdentity n1 = NodeIdentity.load(tmp.resolve("n1"));
        NodeIdentity c1 = NodeIdentity.load(tmp.resolve("c1"));
        assertEquals(Role.NODE, n1.role());
        assertEquals("node-1", n1.name());
        assertEquals(Role.CLIENT, c1.role());
        assertEquals(c1.nodeId(), n1.peerVerifier().verify(c1.certificateChain()).nodeId());

        CommandRun revoke = CommandRun.of("network", "revoke", "--dir", net, c1.nodeId().hex().substring(0, 8),
                "--reason", "lost laptop");
        assertEquals(ExitCodes.OK, revoke.exitCode(), revoke.err());
        RevocationList list = RevocationList.read(tmp.resolve("net/revocations.rvl"), n1.networkCertificate());
        assertEquals(1, list.sequence());
        n1.peerVerifier().update(list);
        PeerRejectedException refused = org.junit.jupiter.api.Assertions.assertThrows(PeerRejectedException.class,
                () -> n1.peerVerifier().verify(c1.certificateChain()));
        assertTrue(refused.getMessage().contains("is revoked"), refused.getMessage());

        JsonNode shown = new ObjectMapper().readTree(CommandRun.of("network", "show", "--dir", net, "--json").out());
        assertEquals(n1.networkId().hex(), shown.get("networkId").asText());
        assertEquals(1, shown.get("revocationSequence").asInt());
        assertEquals(2, shown.get("issued").size());
        assertEquals("lost laptop", shown.get("revoked").get(0).get("reason").asText());

        CommandRun table = CommandRun.of("network", "show", "--dir", net);
        assertTrue(table.out().contains(c1.nodeId().shortForm()) && table.out().contains("revoked"), table.out());
    }

    @Test
    void mistakesAreOneClearLine() {
        String net = tmp.resolve("net").toString();
        CommandRun noNet = CommandRun.of("network", "issue", "--dir", net, "--role", "node", "--out", tmp.resolve("x").toString());
        assertEquals(ExitCodes.FAILURE, noNet.exitCode());
        assertTrue(noNet.oneErrorLine());
        assertTrue(noNet.err().contains("create one with dcfs network init"), noNet.err());

        CommandRun.of("network", "init", "--dir", net);
        CommandRun again = CommandRun.of("network", "init", "--dir", net);
        assertTrue(again.err().contains("a network already exists in"), again.err());

        CommandRun role = CommandRun.of("network", "issue", "--dir", net, "--role", "admin", "--out", tmp.resolve("x").toString());
        assertEquals("dcfs network issue: unknown role 'admin': expected node or client", role.err().strip());

        CommandRun days = CommandRun.of("network", "issue", "--dir", net, "--role", "node", "--out", tmp.resolve("x").toString(),
                "--days", "0");
        assertTrue(days.err().contains("--days must be 1 to"), days.err());

        CommandRun unknown = CommandRun.of("network", "revoke", "--dir", net, "abcdef12");
        assertTrue(unknown.err().contains("no identity issued by this network starts with abcdef12"), unknown.err());

        assertEquals(ExitCodes.USAGE, CommandRun.of("network", "issue", "--dir", net).exitCode());
    }
}
