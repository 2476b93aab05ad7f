package dcfs.replicanet.cluster;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.membership.MembershipConfig;
import dcfs.replicanet.node.NodeConfig;
import dcfs.replicanet.node.NodeServer;
import dcfs.replicanet.record.IdentityRecordCrypto;
import dcfs.replicanet.store.StoreConfig;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.upkeep.UpkeepConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A local cluster inside this JVM: N node servers on 127.0.0.1 (free ports), their identities and
 * stores under one directory laid out like {@link LocalCluster}'s ({@link ClusterLayout}), so a
 * mount without peers can run on it and a restart finds the same nodes and shards. Every node is
 * a real TLS server; clients connect with {@link #clientIdentity()}. Each node's {@code node.json}
 * (id, address, this JVM's pid) is there while it runs, so tools given the directory find them.
 */
public final class EmbeddedCluster implements AutoCloseable {
    private final ClusterLayout layout;
    private final List<NodeServer> nodes = new ArrayList<>();

    private EmbeddedCluster(ClusterLayout layout) {
        this.layout = layout;
    }

    /** Starts {@code n} nodes under {@code dir} (creating the network and identities if missing). */
    public static EmbeddedCluster start(Path dir, int n) throws IOException {
        return start(dir, n, MembershipConfig.fast(), StoreConfig.defaults());
    }

    public static EmbeddedCluster start(Path dir, int n, MembershipConfig membership, StoreConfig store)
            throws IOException {
        return start(dir, n, membership, store, UpkeepConfig.defaults());
    }

    /** With the nodes' proof and reward timing given (tests use short periods). */
    public static EmbeddedCluster start(Path dir, int n, MembershipConfig membership, StoreConfig store,
            UpkeepConfig upkeep) throws IOException {
        ClusterLayout layout = ClusterLayout.at(dir);
        layout.ensure(n);
        EmbeddedCluster c = new EmbeddedCluster(layout);
        try {
            Endpoint seed = null;
            for (int i = 1; i <= n; i++) {
                NodeConfig cfg = NodeConfig.of(layout.nodeDir(i), new Endpoint("127.0.0.1", 0),
                                seed == null ? List.of() : List.of(seed))
                        .withMembership(membership).withStore(store).withIoThreads(2).withUpkeep(upkeep);
                NodeServer s = NodeServer.start(cfg, TransportSecurity.fromIdentity(layout.nodeDir(i)),
                        IdentityRecordCrypto.INSTANCE);
                c.nodes.add(s);
                // node.json, as a node process writes it: tools find the nodes of a running mount
                // through it (--cluster, HOME/cluster), the way they find a `dcfs cluster start` cluster's.
                s.writeReadyFile();
                if (seed == null) {
                    seed = s.endpoint();
                }
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public List<NodeServer> nodes() {
        return List.copyOf(nodes);
    }

    /** Where the nodes listen, node-1 first. */
    public List<Endpoint> endpoints() {
        return nodes.stream().map(NodeServer::endpoint).toList();
    }

    /** The client identity directory for mounts and tools. */
    public Path clientIdentity() {
        return layout.clientDir();
    }

    public ClusterLayout layout() {
        return layout;
    }

    /** Stops every node (queued writes commit first). Idempotent. */
    @Override
    public void close() {
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).close();
            try {
                java.nio.file.Files.deleteIfExists(layout.nodeDir(i + 1).resolve("node.json"));
            } catch (IOException e) {
                // a stale record names an address nobody answers at: tools say so
            }
        }
        nodes.clear();
    }
}
