package dcfs.replicanet.node;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.membership.MembershipConfig;
import dcfs.replicanet.record.IdentityRecordCrypto;
import dcfs.replicanet.store.StoreConfig;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.upkeep.RewardSettings;
import dcfs.replicanet.upkeep.UpkeepConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one node in the foreground until SIGTERM/SIGINT: what {@code dcfs node run} and the node
 * processes of local clusters execute. Arguments:
 *
 * <pre>
 * --data DIR               the node's directory (its identity must be there)
 * --listen HOST:PORT       where to listen (port 0: any free port; see DIR/node.json)
 * --join HOST:PORT,...     nodes to learn the network from
 * --capacity BYTES         bytes of shards offered (default: the disk)
 * --gossip-interval-ms MS  gossip round (default 2000; failure detection scales with it)
 * --read-delay-ms MS       TEST/BENCH ONLY: hold back every shard read answer this long
 * --offered-share PHI      φ, the share of its processing the node offers (0 &lt; φ ≤ 1; default 0.5)
 * --capacity-interval-ms MS  how often it challenges its peers' capacity (default 1 h)
 * --reward-period-ms MS    the reward period (default 1 day)
 * --capacity-iterations N  SHA-256 steps per capacity challenge (default 1 000 000)
 * </pre>
 * The network's reward parameters are read from {@code DIR/rewards.properties} if present.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) {
        try {
            run(parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("dcfs node: " + e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("dcfs node: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Parses the arguments above into a config; the message of the exception says what was wrong. */
    public static NodeConfig parse(String[] args) {
        Path data = null;
        Endpoint listen = null;
        List<Endpoint> join = new ArrayList<>();
        long capacity = 0;
        long gossipMs = 0;
        long delayMs = 0;
        double share = 0;
        long capacityMs = 0;
        long periodMs = 0;
        int iterations = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--data" -> data = Path.of(need(a, v));
                case "--listen" -> listen = Endpoint.parse(need(a, v));
                case "--join" -> {
                    for (String s : need(a, v).split(",")) {
                        if (!s.isBlank()) {
                            join.add(Endpoint.parse(s));
                        }
                    }
                }
                case "--capacity" -> capacity = Long.parseLong(need(a, v));
                case "--gossip-interval-ms" -> gossipMs = Long.parseLong(need(a, v));
                case "--read-delay-ms" -> delayMs = Long.parseLong(need(a, v));
                case "--offered-share" -> share = Double.parseDouble(need(a, v));
                case "--capacity-interval-ms" -> capacityMs = Long.parseLong(need(a, v));
                case "--reward-period-ms" -> periodMs = Long.parseLong(need(a, v));
                case "--capacity-iterations" -> iterations = Integer.parseInt(need(a, v));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
            i++;
        }
        if (data == null || listen == null) {
            throw new IllegalArgumentException("--data DIR and --listen HOST:PORT are required");
        }
        NodeConfig c = config(data, listen, join, capacity, gossipMs, delayMs);
        try {
            return c.withUpkeep(upkeep(data, share, capacityMs, periodMs, iterations));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Upkeep settings from the options (0: the default) and the reward parameters in
     * {@code DIR/rewards.properties}.
     */
    public static UpkeepConfig upkeep(Path data, double share, long capacityMs, long periodMs, int iterations)
            throws IOException {
        UpkeepConfig u = UpkeepConfig.defaults().withRewards(RewardSettings.load(data));
        if (share > 0) {
            u = u.withOfferedShare(share);
        }
        if (capacityMs > 0 || periodMs > 0) {
            u = u.withTiming(capacityMs > 0 ? Duration.ofMillis(capacityMs) : u.capacityInterval(),
                    periodMs > 0 ? Duration.ofMillis(periodMs) : u.rewardPeriod());
        }
        if (iterations > 0) {
            u = new UpkeepConfig(u.capacityInterval(), iterations, u.capacityWindow(), u.rewardPeriod(),
                    u.offeredShare(), u.rewards());
        }
        return u;
    }

    public static NodeConfig config(Path data, Endpoint listen, List<Endpoint> join, long capacity, long gossipMs,
            long delayMs) {
        MembershipConfig m = MembershipConfig.defaults();
        if (gossipMs > 0) {
            m = new MembershipConfig(Duration.ofMillis(gossipMs), m.fanout(), Duration.ofMillis(gossipMs * 4),
                    Duration.ofMillis(gossipMs * 10), m.forgetAfter());
        }
        return NodeConfig.of(data.toAbsolutePath(), listen, join)
                .withStore(StoreConfig.defaults().withCapacity(capacity))
                .withMembership(m)
                .withReadDelay(Duration.ofMillis(delayMs));
    }

    /** Starts the node, writes DIR/node.json, and blocks until the JVM is asked to stop. */
    public static void run(NodeConfig config) throws IOException {
        TransportSecurity security = TransportSecurity.fromIdentity(config.dataDir());
        if (!security.isNode()) {
            throw new IOException("the identity in " + config.dataDir() + " is a client identity; a node needs a node certificate");
        }
        NodeServer node = NodeServer.start(config, security, IdentityRecordCrypto.INSTANCE);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "dcfs-node-shutdown"));
        node.writeReadyFile();
        System.out.println("node " + node.id().hex() + " listening on " + node.endpoint());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
