package dcfs.tools.upkeep;

import dcfs.keyring.identity.RevocationList;
import dcfs.proofs.reputation.EjectionPolicy;
import dcfs.replicanet.cluster.ClusterLayout;
import dcfs.tools.ClusterOptions;
import dcfs.tools.ExitCodes;
import dcfs.tools.HomeOption;
import dcfs.tools.UserError;
import dcfs.tools.keys.PassphraseOptions;
import dcfs.vfs.upkeep.AuditReport;
import dcfs.vfs.upkeep.Auditor;
import dcfs.vfs.upkeep.Ejector;
import dcfs.vfs.upkeep.StripeInventory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dcfs audit}: proofs of storage against the nodes holding the filesystem's shards
 * ({@link Auditor}), a table of results, the reputation kept in {@code HOME/upkeep/reputation}, and
 * the ejection of nodes the policy gives up on when this user holds the network key.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Proofs of storage against the nodes holding this filesystem's shards: random leaves of "
                + "sampled shards with their Merkle paths, checked against the roots learned by `dcfs scrub` "
                + "from authentic copies (run it first).",
            "Failures add up in HOME/upkeep/reputation; a node that fails 3 audits in a row, or more than 20%% "
                + "of at least 10, is ejected — its certificate revoked — when the network's key is at hand "
                + "(--network DIR, default the cluster's network directory).",
            "Exit 1 if any node failed an audit."})
public final class AuditCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Mixin
    ClusterOptions nodes;

    @Mixin
    PassphraseOptions passphrase;

    @Option(names = "--shards", defaultValue = "8", paramLabel = "N",
            description = "Shards sampled per node, 1..32 (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--leaves", defaultValue = "8", paramLabel = "N",
            description = "Leaves asked per shard, 1..64 (default ${DEFAULT-VALUE}).")
    int leaves;

    @Option(names = "--deadline", defaultValue = "10000", paramLabel = "MS",
            description = "How long a node has to answer one audit, in ms (default ${DEFAULT-VALUE}).")
    long deadline;

    @Option(names = "--network", paramLabel = "DIR",
            description = "The network's directory (its admission key signs ejections); default: CLUSTER/network.")
    Path network;

    @Option(names = "--no-eject", description = "Report nodes due for ejection, but do not revoke them.")
    boolean noEject;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Auditor.Settings settings;
        try {
            settings = new Auditor.Settings(shards, leaves, deadline);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), ExitCodes.USAGE);
        }
        PrintStream out = System.out;
        try (UpkeepSession s = UpkeepSession.open(home.resolve(), nodes, passphrase)) {
            Auditor auditor = new Auditor(s.client, s.roots,
                    StripeInventory.shardIds(s.snapshot.stripes(), s.snapshot.store()), UpkeepSession.stateDir(s.home),
                    EjectionPolicy.DEFAULT);
            AuditReport r = auditor.run(settings, json ? line -> { } : line -> System.err.println(line));
            if (r.shardsWithRoot() == 0) {
                throw new UserError("no shard of this filesystem has a root to audit against yet: run `dcfs scrub` first");
            }
            Path networkDir = network != null ? network.toAbsolutePath()
                    : s.clusterDir == null ? null : ClusterLayout.at(s.clusterDir).networkDir();
            List<String> notes = new ArrayList<>();
            r = eject(r, s, networkDir, notes);
            if (json) {
                out.println(PassCommand.toJson(r));
            } else {
                print(out, r);
                notes.forEach(out::println);
            }
            return r.anyFailed() ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }

    /** Revokes every node due for ejection, if the network key is here and ejection is wanted. */
    private AuditReport eject(AuditReport r, UpkeepSession s, Path networkDir, List<String> notes) throws IOException {
        List<AuditReport.NodeResult> rows = new ArrayList<>();
        boolean any = false;
        for (AuditReport.NodeResult n : r.nodes()) {
            if (!n.dueForEjection()) {
                rows.add(n);
                continue;
            }
            if (noEject || !Ejector.canEject(networkDir)) {
                notes.add("node " + n.node().substring(0, 16) + "… is due for ejection"
                        + (noEject ? " (--no-eject)" : ": the network's key is not here; its operator can run "
                        + "`dcfs network revoke --dir NETWORK_DIR " + n.node() + "`"));
                rows.add(n);
                continue;
            }
            Ejector.Ejection e = Ejector.eject(networkDir, n.node(), "failed " + n.consecutiveFailures()
                    + " audits in a row (" + n.reputationFailed() + " of " + (n.reputationPassed() + n.reputationFailed())
                    + ")");
            RevocationList list = e.list();
            s.client.applyRevocations(list);
            notes.add("node " + n.node().substring(0, 16) + "… ejected: revocation list " + list.sequence()
                    + " copied to " + e.copiedTo().size() + " director" + (e.copiedTo().size() == 1 ? "y" : "ies"));
            rows.add(n.withEjected(true));
            any = true;
        }
        if (any) {
            notes.add("`dcfs repair` rebuilds the ejected nodes' shards on the others");
        }
        return new AuditReport(rows, r.shardsWithRoot(), r.millis(), r.reportsSent());
    }

    private static void print(PrintStream out, AuditReport r) {
        out.printf(Locale.ROOT, "%-16s %7s %6s %6s %4s %8s  %s%n", "NODE", "AUDITED", "PASSED", "FAILED", "LATE",
                "HISTORY", "RESULT");
        for (AuditReport.NodeResult n : r.nodes()) {
            String result = n.ejected() ? "EJECTED" : n.dueForEjection() ? "due for ejection"
                    : n.unreachable() ? "unreachable" : n.failed() + n.late() > 0 ? "failed" : "ok";
            if (!n.problem().isEmpty()) {
                result += ": " + n.problem();
            }
            out.printf(Locale.ROOT, "%-16s %7d %6d %6d %4d %8s  %s%n", n.node().substring(0, 16), n.audited(),
                    n.passed(), n.failed(), n.late(), n.reputationFailed() + "/" + (n.reputationPassed()
                    + n.reputationFailed()), result);
        }
        out.printf(Locale.ROOT, "%d node(s), %d shard(s) with a root, %.1f s%n", r.nodes().size(), r.shardsWithRoot(),
                r.millis() / 1e3);
    }
}
