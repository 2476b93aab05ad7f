package dcfs.tools.node;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.client.ClientConfig;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.cluster.ClusterLayout;
import dcfs.replicanet.cluster.LocalCluster;
import dcfs.replicanet.cluster.NodeRecord;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.tools.ExitCodes;
import dcfs.tools.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dcfs cluster status --dir D [--json]}: every node of the directory with its process and
 * its state as the running nodes see it ("up", "suspect", "down"; a node whose process is gone is
 * "down").
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "The nodes of a local cluster and their state.")
public final class ClusterStatusCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The cluster's directory.")
    Path dir;

    @Option(names = "--json", description = "Print JSON: {\"nodes\":[{\"id\",\"address\",\"state\",...}]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ClusterLayout layout = ClusterLayout.at(dir);
        if (!Files.isDirectory(layout.networkDir())) {
            throw new UserError("no cluster in " + layout.dir() + " (start one with: dcfs cluster start --dir "
                    + layout.dir() + ")");
        }
        List<NodeRecord> records = new ArrayList<>();
        List<Boolean> alive = new ArrayList<>();
        List<Endpoint> seeds = new ArrayList<>();
        for (int i : layout.nodeIndexes()) {
            NodeRecord r = NodeRecord.read(i, layout.nodeDir(i));
            Optional<ProcessHandle> p = LocalCluster.process(layout.nodeDir(i));
            records.add(r != null ? r : new NodeRecord(i, layout.nodeDir(i), null, null, -1));
            alive.add(p.isPresent());
            if (p.isPresent() && r != null) {
                seeds.add(r.endpoint());
            }
        }
        List<NodeTable.Row> seen = List.of();
        if (!seeds.isEmpty()) {
            try (ReplicaClient c = ReplicaClient.connect(ClientConfig.of(TransportSecurity.fromIdentity(layout.clientDir()),
                    seeds), Duration.ofSeconds(5))) {
                seen = NodeTable.fromClient(c, Shape.defaults());
            } catch (IOException e) {
                seen = List.of();
            }
        }
        List<NodeTable.Row> rows = new ArrayList<>();
        for (int k = 0; k < records.size(); k++) {
            NodeRecord r = records.get(k);
            MemberId id = r.id();
            NodeTable.Row s = id == null ? null : NodeTable.find(seen, id);
            String state = !alive.get(k) ? "down" : s != null ? s.state() : "suspect";
            rows.add(new NodeTable.Row(r.index(), id == null ? null : id.hex(),
                    r.endpoint() == null ? null : r.endpoint().toString(), state,
                    alive.get(k) ? r.pid() : null, s == null ? null : s.group(), s == null ? null : s.rttMicros(),
                    s == null ? null : s.health()));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("dir", layout.dir().toString());
        NodeTable.print(System.out, rows, json, extra);
        return ExitCodes.OK;
    }
}
