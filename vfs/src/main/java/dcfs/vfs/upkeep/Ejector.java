package dcfs.vfs.upkeep;

import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.RevocationList;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.ClusterLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throws a node out (DESIGN.md: "refused by every peer, and its shards rebuilt elsewhere"): the
 * network authority in {@code networkDir} revokes its id (a new signed revocation list), the list
 * is copied into every node and client directory of the local cluster that directory belongs to
 * (nodes take a newer list within 2 s and close the node's sessions; gossiping lists is future
 * work, so remote nodes need it copied by their operators), and this client takes it at once, so
 * placement moves the node's shards and a repair rebuilds them.
 */
public final class Ejector {
    private Ejector() {
    }

    /** What an ejection did: the list now in force, and the directories it was copied into. */
    public record Ejection(RevocationList list, List<Path> copiedTo) {
        public Ejection {
            copiedTo = List.copyOf(copiedTo);
        }
    }

    public static Ejection eject(Path networkDir, ReplicaClient client, String nodeId, String reason)
            throws IOException {
        RevocationList list;
        try {
            NetworkAuthority authority = NetworkAuthority.load(networkDir);
            list = authority.revocations().isRevoked(new dcfs.keyring.identity.NodeId(nodeId))
                    ? authority.revocations() : authority.revoke(nodeId, reason);
        } catch (IdentityException e) {
            throw new IOException("cannot revoke " + nodeId.substring(0, Math.min(16, nodeId.length())) + " with the network in "
                    + networkDir + ": " + e.getMessage(), e);
        }
        List<Path> copied = new ArrayList<>();
        Path parent = networkDir.toAbsolutePath().getParent();
        if (parent != null && networkDir.getFileName().toString().equals(ClusterLayout.NETWORK)) {
            ClusterLayout layout = ClusterLayout.at(parent);
            List<Path> targets = new ArrayList<>();
            for (int i : layout.nodeIndexes()) {
                targets.add(layout.nodeDir(i));
            }
            targets.add(layout.clientDir());
            for (Path d : targets) {
                if (NodeIdentity.exists(d)) {
                    list.write(d.resolve(NodeIdentity.REVOCATIONS_FILE));
                    copied.add(d);
                }
            }
        }
        client.applyRevocations(list);
        return new Ejection(list, copied);
    }

    /** Whether {@code dir} holds a network authority (its admission key). */
    public static boolean isNetworkDir(Path dir) {
        return Files.exists(dir.resolve(NetworkAuthority.KEY_FILE));
    }
}
