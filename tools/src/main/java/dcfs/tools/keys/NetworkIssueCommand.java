package dcfs.tools.keys;

import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.Role;
import dcfs.tools.ExitCodes;
import dcfs.tools.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dcfs network issue --dir D --role node|client --out DIR [--name N] [--days N]}. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue a node or client identity: a new key pair and a certificate signed by the network key,",
            "written to OUT with the network certificate and the current revocation list."})
public final class NetworkIssueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The network's directory.")
    Path dir;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "node or client.")
    String role;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the identity (created 0700).")
    Path out;

    @Option(names = "--name", paramLabel = "N", defaultValue = "",
            description = "A human name written in the certificate (letters, digits, . _ : @ -; at most 64).")
    String name;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "How long the certificate is valid (default: ${DEFAULT-VALUE} days).")
    int days;

    @Override
    public Integer call() {
        Role r = NetworkValues.role(role);
        NetworkValues.checkDays(days);
        try {
            NetworkAuthority net = NetworkAuthority.load(dir);
            NodeIdentity id;
            try {
                id = net.issue(r, name, Duration.ofDays(days), out);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
            PrintWriter w = spec.commandLine().getOut();
            w.printf("issued %s %s%s, valid until %s%n", r, id.nodeId(), name.isEmpty() ? "" : " '" + name + "'",
                    id.notAfter());
            w.printf("identity written to %s (%s 0600, %s, %s, %s)%n", out, NodeIdentity.KEY_FILE,
                    NodeIdentity.CERTIFICATE_FILE, NodeIdentity.NETWORK_CERTIFICATE_FILE, NodeIdentity.REVOCATIONS_FILE);
            w.flush();
            return ExitCodes.OK;
        } catch (IdentityException e) {
            throw KeyringErrors.of(e);
        } catch (IOException e) {
            throw KeyringErrors.of(e);
        }
    }
}
