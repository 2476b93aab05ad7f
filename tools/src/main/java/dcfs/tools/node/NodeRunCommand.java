package dcfs.tools.node;

import dcfs.keyring.identity.NodeIdentity;
import dcfs.replicanet.Endpoint;
import dcfs.replicanet.node.NodeConfig;
import dcfs.replicanet.node.NodeMain;
import dcfs.tools.ExitCodes;
import dcfs.tools.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dcfs node run --data DIR --listen HOST:PORT [--join HOST:PORT,…]}: serves shards from
 * DIR/store over mutual TLS with the identity in DIR, until SIGTERM or Ctrl-C.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a storage node: its identity (identity.key, identity.crt, network.crt) and store under --data.")
public final class NodeRunCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The node's directory.")
    Path data;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
            description = "Where to listen (port 0: a free port, written to DIR/node.json).")
    String listen;

    @Option(names = "--join", split = ",", paramLabel = "HOST:PORT",
            description = "Nodes to learn the network from, comma-separated.")
    List<String> join = new ArrayList<>();

    @Option(names = "--capacity", paramLabel = "SIZE", description = "Bytes of shards to offer (e.g. 500G; default: the disk).")
    String capacity;

    @Option(names = "--gossip-interval-ms", hidden = true, defaultValue = "0")
    long gossipIntervalMs;

    /** Test and benchmark hook (the hedging benchmark delays one node); never for real nodes. */
    @Option(names = "--read-delay-ms", hidden = true, defaultValue = "0")
    long readDelayMs;

    @Override
    public Integer call() {
        if (!NodeIdentity.exists(data)) {
            throw new UserError("no node identity in " + data + " (" + NodeIdentity.KEY_FILE + ", "
                    + NodeIdentity.CERTIFICATE_FILE + "); issue one: dcfs network issue --dir NETWORK --role node --out "
                    + data);
        }
        NodeConfig config;
        try {
            List<Endpoint> seeds = new ArrayList<>();
            for (String j : join) {
                seeds.add(Endpoint.parse(j));
            }
            config = NodeMain.config(data, Endpoint.parse(listen), seeds, parseSize(capacity), gossipIntervalMs,
                    readDelayMs);
            Files.createDirectories(data);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), ExitCodes.USAGE);
        } catch (IOException e) {
            throw new UserError("cannot use " + data + ": " + e.getMessage());
        }
        try {
            NodeMain.run(config);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        return ExitCodes.OK;
    }

    /** "123", "64K", "500M", "2G", "1T" (powers of 1024); null → 0 (the disk). */
    static long parseSize(String s) {
        if (s == null || s.isBlank()) {
            return 0;
        }
        String t = s.trim().toUpperCase(java.util.Locale.ROOT);
        long mult = 1;
        char last = t.charAt(t.length() - 1);
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        if (shift > 0) {
            t = t.substring(0, t.length() - 1);
            mult = 1L << shift;
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--capacity: '" + s + "' is not a size like 500G");
        }
    }
}
