package dcfs.tools;

import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NodeId;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.RevocationList;
import dcfs.replicanet.Endpoint;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.ClusterLayout;
import dcfs.replicanet.cluster.NodeRecord;
import dcfs.replicanet.wire.MemberState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which storage nodes a command talks to (CLI.md): {@code --cluster DIR} (a local cluster made by
 * {@code dcfs cluster start}, or a mount's embedded one), {@code --peers HOST:PORT,…} with the client
 * identity {@code --identity DIR}, or by default the home's own cluster directory
 * ({@code HOME/cluster}, where {@code dcfs mount} keeps its embedded nodes). A picocli {@code @Mixin}.
 */
public final class ClusterOptions {
    @Option(names = "--cluster", paramLabel = "DIR",
            description = "A local cluster's directory (dcfs cluster start); default: HOME/cluster.")
    Path cluster;

    @Option(names = "--peers", split = ",", paramLabel = "HOST:PORT", description = "Running nodes to use.")
    List<String> peers;

    @Option(names = "--identity", paramLabel = "DIR",
            description = "Client identity for --peers (dcfs network issue --role client); default: HOME/client.")
    Path identity;

    /** Where the nodes are, as these options (and the home) say. */
    public sealed interface Target {
    }

    /** Known nodes to connect to, with the client identity to present. */
    public record Seeds(List<Endpoint> endpoints, Path identityDir, String describe) implements Target {
    }

    /** No nodes named: the mount runs its own nodes in this directory. */
    public record Embedded(Path dir) implements Target {
    }

    /** The same options as command-line arguments, for a child process. */
    public List<String> asArguments() {
        List<String> a = new ArrayList<>();
        if (cluster != null) {
            a.addAll(List.of("--cluster", cluster.toAbsolutePath().toString()));
        }
        if (peers != null && !peers.isEmpty()) {
            a.addAll(List.of("--peers", String.join(",", peers)));
        }
        if (identity != null) {
            a.addAll(List.of("--identity", identity.toAbsolutePath().toString()));
        }
        return a;
    }

    /**
     * The local cluster directory these options point at ({@code --cluster}, else
     * {@code HOME/cluster}), or null when {@code --peers} names remote nodes.
     */
    public Path clusterDir(Path home) {
        if (peers != null && !peers.isEmpty()) {
            return null;
        }
        return (cluster != null ? cluster : home.resolve("cluster")).toAbsolutePath();
    }

    /**
     * Waits until {@code expected} nodes are up, or — when some are down — until the membership has
     * settled: every expected node known (up or down, not merely suspect) and at least
     * {@code needUp} up. Returns the nodes up when it stops (at the latest after {@code timeout}).
     * A client that starts on a partial view would compute record holders and placement from too
     * few members.
     */
    public static int awaitSettled(ReplicaClient client, int expected, int needUp, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int up = client.awaitMembers(expected, Duration.ofSeconds(1));
            if (up >= expected) {
                return up;
            }
            var rows = client.view().rows().values();
            boolean settled = rows.size() >= expected
                    && rows.stream().noneMatch(r -> r.state() == MemberState.SUSPECT);
            if ((settled && up >= needUp) || System.nanoTime() > deadline) {
                return up;
            }
        }
    }

    public boolean namesNodes() {
        return cluster != null || (peers != null && !peers.isEmpty());
    }

    /**
     * @param allowEmbedded whether "no nodes named" may mean the caller's own embedded cluster
     *                      ({@code dcfs mount}); otherwise the home's cluster directory must hold a
     *                      running cluster
     */
    public Target resolve(Path home, boolean allowEmbedded) {
        if (peers != null && !peers.isEmpty()) {
            List<Endpoint> seeds = new ArrayList<>();
            for (String p : peers) {
                try {
                    seeds.add(Endpoint.parse(p));
                } catch (IllegalArgumentException e) {
                    throw new UserError("--peers: " + e.getMessage(), ExitCodes.USAGE);
                }
            }
            Path id = identity != null ? identity : home.resolve("client");
            if (!Files.isDirectory(id)) {
                throw new UserError("no client identity at " + id + ": give --identity DIR (dcfs network issue --role client)");
            }
            return new Seeds(seeds, id, "peers " + String.join(",", peers));
        }
        if (cluster == null && allowEmbedded) {
            return new Embedded(home.resolve("cluster"));
        }
        Path dir = cluster != null ? cluster : home.resolve("cluster");
        ClusterLayout layout = ClusterLayout.at(dir);
        if (!Files.isDirectory(layout.networkDir())) {
            throw new UserError("no cluster at " + layout.dir() + "; give --cluster DIR or --peers HOST:PORT,…");
        }
        Path id = identity != null ? identity : layout.clientDir();
        RevocationList revoked = revocationsOf(id);
        List<Endpoint> seeds = new ArrayList<>();
        try {
            for (int i : layout.nodeIndexes()) {
                NodeRecord rec = NodeRecord.read(i, layout.nodeDir(i));
                // A revoked node (ejected) is no seed: its handshakes are refused, and waiting for it would stall.
                if (rec != null && (revoked == null || !revoked.isRevoked(new NodeId(rec.id().hex())))) {
                    seeds.add(rec.endpoint());
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read the cluster at " + dir + ": " + e.getMessage());
        }
        if (seeds.isEmpty()) {
            throw new UserError("no node of the cluster at " + dir + " has an address; is it started (dcfs cluster start)?");
        }
        return new Seeds(seeds, id, "cluster " + dir);
    }

    /** The revocation list kept with a client identity, or null if it has none that loads. */
    private static RevocationList revocationsOf(Path identityDir) {
        try {
            return NodeIdentity.load(identityDir).revocations();
        } catch (IOException | IdentityException | RuntimeException e) {
            return null;
        }
    }
}
