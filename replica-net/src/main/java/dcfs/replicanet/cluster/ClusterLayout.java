package dcfs.replicanet.cluster;

import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory of a local cluster, shared by {@link LocalCluster} (processes) and
 * {@link EmbeddedCluster} (in this JVM):
 *
 * <pre>
 * DIR/network/     the network's admission key and certificate, revocations ({@link NetworkAuthority})
 * DIR/client/      a client identity for mounts and status
 * DIR/node-1/ ...  one node each: its identity, store/ (LMDB), node.json (id, address, pid once
 *                  listening), node.pid, node.log
 * </pre>
 */
public final class ClusterLayout {
    public static final String NETWORK = "network";
    public static final String CLIENT = "client";
    public static final String NODE_PREFIX = "node-";
    /** Local clusters are for trying things out and tests: their certificates last a year. */
    static final Duration VALIDITY = Duration.ofDays(365);

    private final Path dir;

    private ClusterLayout(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public static ClusterLayout at(Path dir) {
        return new ClusterLayout(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path networkDir() {
        return dir.resolve(NETWORK);
    }

    public Path clientDir() {
        return dir.resolve(CLIENT);
    }

    public Path nodeDir(int index) {
        return dir.resolve(NODE_PREFIX + index);
    }

    /**
     * Creates what is missing for {@code n} nodes: the network, node identities 1..n, the client
     * identity. Existing identities are kept (a restarted cluster keeps its ids and shards).
     *
     * @return the nodes newly issued
     */
    public int ensure(int n) throws IOException {
        Files.createDirectories(dir);
        try {
            NetworkAuthority network = NetworkAuthority.exists(networkDir()) ? NetworkAuthority.load(networkDir())
                    : NetworkAuthority.create(networkDir());
            int issued = 0;
            for (int i = 1; i <= n; i++) {
                if (!NodeIdentity.exists(nodeDir(i))) {
                    network.issue(Role.NODE, NODE_PREFIX + i, VALIDITY, nodeDir(i));
                    issued++;
                }
            }
            if (!NodeIdentity.exists(clientDir())) {
                network.issue(Role.CLIENT, "client", VALIDITY, clientDir());
            }
            return issued;
        } catch (IdentityException e) {
            throw new IOException("cannot set up the network in " + networkDir() + ": " + e.getMessage(), e);
        }
    }

    /** The node indexes that have a directory, ascending. */
    public List<Integer> nodeIndexes() throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                String name = p.getFileName().toString();
                if (name.startsWith(NODE_PREFIX) && Files.isDirectory(p)) {
                    try {
                        out.add(Integer.parseInt(name.substring(NODE_PREFIX.length())));
                    } catch (NumberFormatException ignored) {
                        // not ours
                    }
                }
            });
        }
        out.sort(null);
        return out;
    }
}
