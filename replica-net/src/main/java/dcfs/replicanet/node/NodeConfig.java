package dcfs.replicanet.node;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.membership.MembershipConfig;
import dcfs.replicanet.store.StoreConfig;
import dcfs.replicanet.upkeep.UpkeepConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run one node.
 *
 * @param dataDir the node's directory: identity files, {@code store/} (LMDB), {@code node.json}
 * @param listen address to bind (port 0: any free port)
 * @param join peers to learn the network from
 * @param store store sizing
 * @param membership gossip timing
 * @param ioThreads event loops (0: netty's default)
 * @param readDelay test and benchmark hook: every GET_SHARD answer is held back this long (zero: off)
 * @param upkeep proofs and rewards: capacity challenges, reward periods, φ, reward parameters
 */
public record NodeConfig(Path dataDir, Endpoint listen, List<Endpoint> join, StoreConfig store,
        MembershipConfig membership, int ioThreads, Duration readDelay, UpkeepConfig upkeep) {
    public NodeConfig {
        join = List.copyOf(join);
    }

    public static NodeConfig of(Path dataDir, Endpoint listen, List<Endpoint> join) {
        return new NodeConfig(dataDir, listen, join, StoreConfig.defaults(), MembershipConfig.defaults(), 0,
                Duration.ZERO, UpkeepConfig.defaults());
    }

    public NodeConfig withMembership(MembershipConfig m) {
        return new NodeConfig(dataDir, listen, join, store, m, ioThreads, readDelay, upkeep);
    }

    public NodeConfig withStore(StoreConfig s) {
        return new NodeConfig(dataDir, listen, join, s, membership, ioThreads, readDelay, upkeep);
    }

    public NodeConfig withIoThreads(int n) {
        return new NodeConfig(dataDir, listen, join, store, membership, n, readDelay, upkeep);
    }

    public NodeConfig withUpkeep(UpkeepConfig u) {
        return new NodeConfig(dataDir, listen, join, store, membership, ioThreads, readDelay, u);
    }

    public NodeConfig withReadDelay(Duration d) {
        return new NodeConfig(dataDir, listen, join, store, membership, ioThreads, d, upkeep);
    }
}
