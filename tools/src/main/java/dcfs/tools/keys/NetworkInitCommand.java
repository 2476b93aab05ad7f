package dcfs.tools.keys;

import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NetworkAuthority;
import dcfs.tools.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dcfs network init --dir D}. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a network in DIR: an admission key (network.key, 0600) and its self-signed certificate (network.crt).")
public final class NetworkInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The network's directory (created 0700).")
    Path dir;

    @Option(names = "--days", paramLabel = "N", defaultValue = "3650",
            description = "How long the network certificate is valid (default: ${DEFAULT-VALUE} days).")
    int days;

    @Override
    public Integer call() {
        NetworkValues.checkDays(days);
        try {
            NetworkAuthority net = NetworkAuthority.create(dir, Duration.ofDays(days), Clock.systemUTC());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("network %s created in %s%n", net.networkId(), dir);
            out.printf("keep %s off the nodes: whoever holds it decides who is a member%n",
                    dir.resolve(NetworkAuthority.KEY_FILE));
            out.printf("next: dcfs network issue --dir %s --role node --out NODE_DIR%n", dir);
            out.flush();
            return ExitCodes.OK;
        } catch (IdentityException e) {
            throw KeyringErrors.of(e);
        } catch (IOException e) {
            throw KeyringErrors.of(e);
        }
    }
}
