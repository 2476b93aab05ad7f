package dcfs.tools.node;

import dcfs.replicanet.cluster.LocalCluster;
import dcfs.tools.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dcfs cluster stop --dir D}: SIGTERM to every node by its pid file, SIGKILL after a grace period. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the node processes of a local cluster.")
public final class ClusterStopCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The cluster's directory.")
    Path dir;

    @Option(names = "--grace", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds to wait for a clean stop before killing (default ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Override
    public Integer call() throws Exception {
        int n = LocalCluster.stop(dir, Duration.ofSeconds(graceSeconds));
        System.out.println(n == 0 ? "no node was running in " + dir.toAbsolutePath() : "stopped " + n + " node(s)");
        return ExitCodes.OK;
    }
}
