package dcfs.vfs.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.NodeId;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.RevocationList;
import dcfs.replicanet.cluster.ClusterLayout;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ejection signs a revocation list with the network key and hands it to every directory of the cluster. */
class EjectorTest {
    @TempDir
    Path dir;

    @Test
    void revokesOnceAndCopiesTheListToEveryNodeAndTheClient() throws Exception {
        ClusterLayout layout = ClusterLayout.at(dir.resolve("cluster"));
        layout.ensure(3);
        String victim = NodeIdentity.load(layout.nodeDir(2)).nodeId().hex();
        assertTrue(Ejector.canEject(layout.networkDir()));
        assertFalse(Ejector.canEject(layout.nodeDir(1)), "a node has no admission key");
        assertFalse(Ejector.canEject(null));

        Ejector.Ejection e = Ejector.eject(layout.networkDir(), victim, "forged proofs");
        assertEquals(4, e.copiedTo().size(), "three nodes and the client");
        NetworkAuthority net = NetworkAuthority.load(layout.networkDir());
        for (Path d : e.copiedTo()) {
            RevocationList copy = RevocationList.read(d.resolve(NodeIdentity.REVOCATIONS_FILE), net.certificate());
            assertTrue(copy.isRevoked(new NodeId(victim)), d.toString());
            assertEquals(e.list().sequence(), copy.sequence());
        }
        assertEquals("forged proofs", e.list().find(new NodeId(victim)).orElseThrow().reason());
        assertEquals(e.list().sequence(), Ejector.eject(layout.networkDir(), victim, "again").list().sequence(),
                "a node already revoked is not revoked again");
    }

    @Test
    void withoutTheNetworkKeyNothingIsSigned() throws Exception {
        ClusterLayout layout = ClusterLayout.at(dir.resolve("cluster"));
        layout.ensure(1);
        String id = NodeIdentity.load(layout.nodeDir(1)).nodeId().hex();
        assertThrows(IOException.class, () -> Ejector.eject(layout.nodeDir(1), id, "x"));
    }
}
