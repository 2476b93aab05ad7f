package dcfs.tools.fs;

import dcfs.fsmount.MountFailure;
import dcfs.fsmount.StoreBackend;
import dcfs.keyring.file.Keyring;
import dcfs.replicanet.Endpoint;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReadPolicy;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.tools.ClusterOptions;
import dcfs.vfs.store.NetworkStripeStore;
import dcfs.vfs.store.StripeStore;
import dcfs.vfs.sync.NetworkTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mount's stripes on storage nodes: the keyring's keys, a replica client, and — when no nodes are
 * named — an embedded cluster of nodes inside the mount process, stored under the home directory
 * (CLI.md: "an embedded local cluster ... started with the mount and stopped with it").
 */
final class NetworkBackend implements StoreBackend {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkBackend.class);
    /**
     * AEAD segment of a new filesystem's shards: a 4 KiB random read moves and authenticates 16 KiB
     * of one shard (docs/shard-format.md, "Segments"). Measured against 64 KiB on fresh 6-node
     * clusters: random 4 KiB reads 2,366–3,482 IOPS against 1,287–2,294, sequential reads and writes
     * unchanged within noise.
     */
    static final int SEGMENT_SIZE = 16 * 1024;
    private static final Duration CONNECT = Duration.ofSeconds(30);
    /** A put waits this long to be durable, a get for k shards, before the call fails with EIO. */
    private static final long STORE_TIMEOUT_MILLIS = 60_000;

    private final Keyring keyring;
    private final ClusterOptions.Target target;
    private final Shape shape;
    private final boolean shapeGiven;
    private final int embeddedNodes;
    private EmbeddedCluster embedded;
    private ReplicaClient client;
    private boolean closed;

    /**
     * Takes ownership of {@code keyring}: closed (keys wiped) with the backend.
     *
     * @param shape      the code a new filesystem gets; an existing one keeps its own (superblock)
     * @param shapeGiven whether the user chose it (-k/-m/-r), so a different existing shape is worth a note
     */
    NetworkBackend(Keyring keyring, ClusterOptions.Target target, Shape shape, boolean shapeGiven, int embeddedNodes) {
        this.keyring = keyring;
        this.target = target;
        this.shape = shape;
        this.shapeGiven = shapeGiven;
        this.embeddedNodes = embeddedNodes;
    }

    @Override
    public StripeStore open() throws MountFailure {
        connect();
        return new NetworkStripeStore(client, keyring.keyTree(), shape, SEGMENT_SIZE, 0, STORE_TIMEOUT_MILLIS);
    }

    @Override
    public Optional<NetworkTarget> network() throws MountFailure {
        connect();
        return Optional.of(new NetworkTarget(client, keyring.keyTree(), shape, shapeGiven, SEGMENT_SIZE,
                STORE_TIMEOUT_MILLIS));
    }

    /** Starts the embedded nodes (if any) and connects the client, once. */
    private synchronized void connect() throws MountFailure {
        if (client != null) {
            return;
        }
        List<Endpoint> seeds;
        Path identity;
        int expected;
        try {
            if (target instanceof ClusterOptions.Embedded e) {
                Files.createDirectories(e.dir());
                embedded = EmbeddedCluster.start(e.dir(), embeddedNodes);
                seeds = embedded.endpoints();
                identity = embedded.clientIdentity();
                expected = embeddedNodes;
            } else {
                ClusterOptions.Seeds s = (ClusterOptions.Seeds) target;
                seeds = s.endpoints();
                identity = s.identityDir();
                expected = Math.min(seeds.size(), shape.totalShards());
            }
            // Data shards first, parity only after the measured hedge delay: a healthy read moves k
            // shards instead of k+m (a third less traffic and TLS work at 4+2), and a slow node still
            // costs no more than the hedge.
            client = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(identity), seeds)
                    .withReadPolicy(ReadPolicy.DATA_FIRST), CONNECT);
            int seen = ClusterOptions.awaitSettled(client, expected, shape.dataShards(), CONNECT);
            if (seen < shape.dataShards()) {
                throw new MountFailure("only " + seen + " storage node(s) answered; a " + shape.dataShards() + "+"
                        + shape.parityShards() + " code needs at least " + shape.dataShards());
            }
            if (seen < shape.totalShards()) {
                LOG.warn("{} nodes for a {}+{} code: stripes will be under-replicated", seen, shape.dataShards(),
                        shape.parityShards());
            }
        } catch (IOException e) {
            close();
            throw new MountFailure("cannot reach the storage nodes (" + describe() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new MountFailure("interrupted while connecting to the storage nodes");
        } catch (MountFailure | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String describe() {
        String code = shape.dataShards() + "+" + shape.parityShards() + " x" + shape.replicas();
        return switch (target) {
            case ClusterOptions.Embedded e -> embeddedNodes + " embedded nodes under " + e.dir() + ", RS " + code;
            case ClusterOptions.Seeds s -> s.describe() + ", RS " + code;
        };
    }

    @Override
    public Optional<String> owner() {
        return Optional.of(keyring.keyTree().identity().fingerprint());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (client != null) {
            client.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        keyring.close();
    }
}
