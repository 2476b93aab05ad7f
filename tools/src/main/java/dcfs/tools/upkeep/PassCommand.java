package dcfs.tools.upkeep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dcfs.tools.ClusterOptions;
import dcfs.tools.ExitCodes;
import dcfs.tools.HomeOption;
import dcfs.tools.UserError;
import dcfs.tools.keys.PassphraseOptions;
import dcfs.vfs.upkeep.PassReport;
import dcfs.vfs.upkeep.Progress;
import dcfs.vfs.upkeep.StripePass;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dcfs scrub} and {@code dcfs repair}: one {@link StripePass} over every stripe of the
 * filesystem, progress on stderr (about once a second), the stripes that were not whole and a
 * summary on stdout (or the report as JSON). Exit 1 if a stripe is lost.
 */
abstract class PassCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Mixin
    ClusterOptions nodes;

    @Mixin
    PassphraseOptions passphrase;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "Stripes examined at once (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    /** The pass this command runs. */
    abstract StripePass.Kind kind();

    @Override
    public Integer call() throws Exception {
        if (workers < 1 || workers > 64) {
            throw new UserError("--workers must be 1..64", ExitCodes.USAGE);
        }
        PrintStream out = System.out;
        try (UpkeepSession s = UpkeepSession.open(home.resolve(), nodes, passphrase)) {
            if (!json) {
                s.describe(out);
            }
            Progress progress = json ? Progress.NONE : line -> System.err.println(line);
            StripePass pass = new StripePass(s.snapshot.stripes(), s.snapshot.store(), s.roots,
                    UpkeepSession.TIMEOUT_MILLIS, workers);
            PassReport r = pass.run(kind(), progress);
            if (json) {
                out.println(toJson(r));
            } else {
                print(out, r);
            }
            if (r.anyLost()) {
                long lost = r.repair() != null ? r.repair().stillLost() : r.lost();
                String command = kind() == StripePass.Kind.REPAIR ? "repair" : "scrub";
                System.err.println("dcfs " + command + ": " + lost + " stripe(s) lost: fewer than "
                        + s.snapshot.superblock().shape().dataShards() + " good shards on the nodes that answered");
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    static String toJson(Object o) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(PrintStream out, PassReport r) {
        for (PassReport.Problem p : r.problems()) {
            out.println((p.ino() == 0 ? "metadata object" : "inode " + p.ino()) + " stripe " + p.stripe() + " ("
                    + p.key() + "): " + p.condition().name().toLowerCase(java.util.Locale.ROOT));
            for (String c : p.copies()) {
                out.println("  " + c);
            }
        }
        if (r.problemsOmitted() > 0) {
            out.println("… and " + r.problemsOmitted() + " more stripe(s) not whole");
        }
        if (r.repair() != null) {
            for (String f : r.repair().failures()) {
                out.println("not repaired: " + f);
            }
        }
        out.println(r.summary());
        if (r.repair() == null && r.degraded() > 0) {
            out.println(r.degraded() + " stripe(s) degraded: `dcfs repair` rebuilds what is missing or bad");
        }
    }
}
