package dcfs.tools.node;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.ClusterLayout;
import dcfs.replicanet.placement.Group;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.tools.ExitCodes;
import dcfs.tools.HomeOption;
import dcfs.tools.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dcfs status [--json] [--cluster DIR | --peers HOST:PORT,…]}: the nodes as the network
 * sees them (up/suspect/down, RTT from here, group, the health report: disk, load, processors,
 * shards held). The filesystem's health (stripes whole, degraded, lost) joins once vfs reports it.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Nodes (up/down, RTT, group, capacity, shards) and the filesystem's health.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Option(names = "--cluster", paramLabel = "DIR", description = "A local cluster's directory (default: HOME/cluster if it exists).")
    Path cluster;

    @Option(names = "--peers", split = ",", paramLabel = "HOST:PORT", description = "Running nodes to ask.")
    List<String> peers;

    @Option(names = "--identity", paramLabel = "DIR",
            description = "Client identity for --peers (default: HOME/client).")
    Path identity;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = {"-k", "--data-shards"}, defaultValue = "4", description = "k of the groups shown (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = {"-m", "--parity-shards"}, defaultValue = "2", description = "m of the groups shown (default ${DEFAULT-VALUE}).")
    int m;

    @Option(names = {"-r", "--replicas"}, defaultValue = "2", description = "Copies of the groups shown (default ${DEFAULT-VALUE}).")
    int r;

    @Override
    public Integer call() throws Exception {
        Path idDir;
        List<Endpoint> seeds = new ArrayList<>();
        if (peers != null && !peers.isEmpty()) {
            for (String p : peers) {
                try {
                    seeds.add(Endpoint.parse(p));
                } catch (IllegalArgumentException e) {
                    throw new UserError("--peers: " + e.getMessage(), ExitCodes.USAGE);
                }
            }
            idDir = identity != null ? identity : home.resolve().resolve("client");
        } else {
            Path dir = cluster != null ? cluster : home.resolve().resolve("cluster");
            ClusterLayout layout = ClusterLayout.at(dir);
            if (!Files.isDirectory(layout.networkDir())) {
                throw new UserError("no cluster at " + layout.dir() + "; give --cluster DIR or --peers HOST:PORT,…");
            }
            for (int i : layout.nodeIndexes()) {
                var rec = dcfs.replicanet.cluster.NodeRecord.read(i, layout.nodeDir(i));
                if (rec != null) {
                    seeds.add(rec.endpoint());
                }
            }
            idDir = identity != null ? identity : layout.clientDir();
        }
        if (seeds.isEmpty()) {
            throw new UserError("no node address known; is the cluster started?");
        }
        Shape shape;
        try {
            shape = new Shape(k, m, r);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), ExitCodes.USAGE);
        }
        TransportSecurity security;
        try {
            security = TransportSecurity.fromIdentity(idDir);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        try (ReplicaClient c = ReplicaClient.connect(ClientConfig.of(security, seeds), Duration.ofSeconds(10))) {
            List<NodeTable.Row> rows = NodeTable.fromClient(c, shape);
            long up = rows.stream().filter(x -> x.state().equals("up")).count();
            long suspect = rows.stream().filter(x -> x.state().equals("suspect")).count();
            List<Group> groups = c.view().topology().groups(shape);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("up", up);
            extra.put("suspect", suspect);
            extra.put("down", rows.size() - up - suspect);
            extra.put("groups", groups.size());
            extra.put("shape", Map.of("dataShards", k, "parityShards", m, "replicas", r));
            extra.put("pendingCopies", c.pendingCopies().size());
            if (!json) {
                System.out.printf("%d node(s): %d up, %d suspect, %d down; %d group(s) for RS(%d,%d) x%d%n",
                        rows.size(), up, suspect, rows.size() - up - suspect, groups.size(), k, m, r);
            }
            NodeTable.print(System.out, rows, json, extra);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        return ExitCodes.OK;
    }
}
