package dcfs.vfs.upkeep;

import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.NodeId;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.RevocationList;
import dcfs.replicanet.cluster.ClusterLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throws a node out (DESIGN.md: "refused by every peer, and its shards rebuilt elsewhere";
 * docs/proofs.md, "In the live system"): the network authority in {@code networkDir} — only whoever
 * holds the network's admission key can — revokes the node's id in a new signed revocation list,
 * and the list is copied into every node and client directory of the local cluster that network
 * directory belongs to ({@code CLUSTER/network}). Nodes take a newer list from their directory
 * within 2 s and close the revoked node's sessions. Nodes elsewhere need the list copied by their
 * operators (lists are not gossiped). The caller hands the list to its own client
 * ({@code ReplicaClient.applyRevocations}), so placement moves off the node at once and a repair
 * rebuilds its shards.
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

    /** Whether {@code dir} holds a network authority (its admission key): ejections can be signed. */
    public static boolean canEject(Path dir) {
        return dir != null && NetworkAuthority.exists(dir);
    }

    /**
     * Revokes {@code nodeId} (64 hex) if it is not revoked yet, and copies the list in force into
     * the cluster's node and client directories.
     */
    public static Ejection eject(Path networkDir, String nodeId, String reason) throws IOException {
        RevocationList list;
        try {
            NetworkAuthority authority = NetworkAuthority.load(networkDir);
            list = authority.revocations().isRevoked(new NodeId(nodeId))
                    ? authority.revocations() : authority.revoke(nodeId, reason);
        } catch (IdentityException | IllegalArgumentException e) {
            throw new IOException("cannot revoke " + nodeId.substring(0, Math.min(16, nodeId.length()))
                    + "… with the network in " + networkDir + ": " + e.getMessage(), e);
        }
        List<Path> copied = new ArrayList<>();
        Path abs = networkDir.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent != null && abs.getFileName().toString().equals(ClusterLayout.NETWORK)) {
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
        return new Ejection(list, copied);
    }
}
