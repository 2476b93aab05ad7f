package dcfs.tools.node;

import dcfs.keyring.identity.NetworkAuthority;
import dcfs.replicanet.cluster.ClusterLayout;
import dcfs.replicanet.cluster.LocalCluster;
import dcfs.replicanet.cluster.NodeRecord;
import dcfs.tools.ExitCodes;
import dcfs.tools.Main;
import dcfs.tools.UserError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dcfs cluster start --dir D [--nodes N]}: creates a network under D (if there is none),
 * an identity per node and one client identity for mounts, starts N node processes on 127.0.0.1
 * with free ports, waits until all are up and see each other, and says what it did. On a cluster
 * that is already running it starts again only the nodes whose processes are gone (after a crash or
 * a kill), with their identities and stores.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start N node processes on 127.0.0.1 (a network, identities and stores under --dir).",
                "On a running cluster, start again only the nodes that are not running."})
public final class ClusterStartCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The cluster's directory.")
    Path dir;

    @Option(names = "--nodes", defaultValue = "6", paramLabel = "N", description = "How many nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--gossip-interval-ms", hidden = true, defaultValue = "500")
    long gossipIntervalMs;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 64) {
            throw new UserError("--nodes must be 1..64, got " + nodes, ExitCodes.USAGE);
        }
        LocalCluster.Options options = LocalCluster.Options.defaults()
                .withMainArgs(List.of(Main.class.getName(), "node", "run"));
        options = new LocalCluster.Options(options.mainArgs(), options.nodeJvmOptions(), gossipIntervalMs,
                options.perNodeArgs(), options.startTimeout());
        List<NodeRecord> started;
        boolean restart = !LocalCluster.running(dir).isEmpty();
        try {
            started = restart ? LocalCluster.restartMissing(dir, nodes, options) : LocalCluster.start(dir, nodes, options);
        } catch (IOException e) {
            throw new UserError(firstLine(e.getMessage()) + tailHint(e.getMessage()));
        }
        ClusterLayout layout = ClusterLayout.at(dir);
        if (restart && started.isEmpty()) {
            throw new UserError("the cluster in " + layout.dir() + " is already running, every node up; "
                    + "stop it first with: dcfs cluster stop --dir " + layout.dir());
        }
        if (restart) {
            System.out.println("restarting the nodes of " + layout.dir() + " that were not running:");
        }
        String network = NetworkAuthority.load(layout.networkDir()).networkId().shortForm();
        System.out.println("network " + network + " in " + layout.networkDir());
        for (NodeRecord n : started) {
            System.out.printf("node-%d  %s  %-21s  pid %d  log %s%n", n.index(), n.id().shortForm(), n.endpoint(),
                    n.pid(), n.dir().resolve("node.log"));
        }
        System.out.println((restart ? LocalCluster.running(dir).size() : started.size()) + " nodes up; client identity for mounts: "
                + layout.clientDir());
        System.out.println("stop with: dcfs cluster stop --dir " + layout.dir());
        return ExitCodes.OK;
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }

    private static String tailHint(String s) {
        if (s == null || s.indexOf('\n') < 0) {
            return "";
        }
        String[] lines = s.split("\n");
        return " (last log line: " + lines[lines.length - 1].strip() + ")";
    }
}
