package dcfs.tools.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.wire.Health;
import dcfs.replicanet.wire.MemberInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node table of {@code dcfs status} and {@code dcfs cluster status}: one row per node, as text
 * or as JSON (each node an object with at least {@code id}, {@code address}, {@code state}).
 */
final class NodeTable {
    /** One row; null fields are unknown (the node did not answer). */
    record Row(Integer index, String id, String address, String state, Long pid, Integer group, Long rttMicros,
            Health health) {
    }

    private NodeTable() {
    }

    /** Rows for every member the client knows, with its own RTT to each live one. */
    static List<Row> fromClient(ReplicaClient client, Shape shape) {
        List<Row> rows = new ArrayList<>();
        for (ReplicaClient.NodeStatus n : client.nodes(shape)) {
            MemberInfo info = n.info();
            Long rtt = null;
            if (!"down".equals(info.state().label())) {
                try {
                    rtt = client.ping(info.id()).get(3, TimeUnit.SECONDS);
                } catch (Exception e) {
                    rtt = null;
                }
            }
            rows.add(new Row(null, info.id().hex(), info.endpoint().toString(), info.state().label(), null,
                    n.group(), rtt, info.health().uptimeMillis() == 0 ? null : info.health()));
        }
        return rows;
    }

    static Row find(List<Row> rows, MemberId id) {
        for (Row r : rows) {
            if (r.id() != null && r.id().equals(id.hex())) {
                return r;
            }
        }
        return null;
    }

    static void print(PrintStream out, List<Row> rows, boolean json, Map<String, Object> extra) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>(extra);
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                if (r.index() != null) {
                    m.put("index", r.index());
                }
                m.put("id", r.id());
                m.put("address", r.address());
                m.put("state", r.state());
                if (r.pid() != null) {
                    m.put("pid", r.pid());
                }
                m.put("group", r.group());
                m.put("rttMicros", r.rttMicros());
                Health h = r.health();
                if (h != null) {
                    m.put("uptimeMillis", h.uptimeMillis());
                    m.put("processors", h.logicalProcessors());
                    m.put("sockets", h.sockets());
                    m.put("coresPerSocket", h.coresPerSocket());
                    m.put("load", h.loadMilli() / 1000.0);
                    m.put("memoryTotal", h.memoryTotal());
                    m.put("memoryFree", h.memoryFree());
                    m.put("swapTotal", h.swapTotal());
                    m.put("swapFree", h.swapFree());
                    m.put("diskTotal", h.diskTotal());
                    m.put("diskUsed", h.diskUsed());
                    m.put("shards", h.shards());
                    m.put("shardBytes", h.shardBytes());
                    m.put("version", h.version());
                }
                nodes.add(m);
            }
            doc.put("nodes", nodes);
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        String fmt = "%-7s %-16s %-21s %-7s %5s %8s %13s %5s %6s %8s%n";
        out.printf(Locale.ROOT, fmt, "NODE", "ID", "ADDRESS", "STATE", "GROUP", "RTT", "DISK USED", "LOAD", "PROCS",
                "SHARDS");
        for (Row r : rows) {
            Health h = r.health();
            out.printf(Locale.ROOT, fmt,
                    r.index() == null ? "-" : "node-" + r.index(),
                    r.id() == null ? "?" : r.id().substring(0, 16),
                    r.address() == null ? "?" : r.address(),
                    r.state(),
                    r.group() == null || r.group() < 0 ? "-" : r.group().toString(),
                    r.rttMicros() == null ? "-" : String.format(Locale.ROOT, "%.2fms", r.rttMicros() / 1000.0),
                    h == null ? "-" : size(h.diskUsed()) + "/" + size(h.diskTotal()),
                    h == null ? "-" : String.format(Locale.ROOT, "%.2f", h.loadMilli() / 1000.0),
                    h == null ? "-" : h.sockets() + "x" + h.coresPerSocket(),
                    h == null ? "-" : Long.toString(h.shards()));
        }
    }

    static String size(long bytes) {
        String[] u = {"B", "K", "M", "G", "T", "P"};
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return (v >= 100 || i == 0 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + u[i];
    }
}
