package dcfs.tools.node;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.ClusterLayout;
import dcfs.replicanet.placement.Group;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.tools.ExitCodes;
import dcfs.tools.ClusterOptions;
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

    @Mixin
    ClusterOptions nodes;

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
        ClusterOptions.Seeds target = (ClusterOptions.Seeds) nodes.resolve(home.resolve(), false);
        List<Endpoint> seeds = target.endpoints();
        Path idDir = target.identityDir();
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
