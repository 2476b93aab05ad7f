package dcfs.tools.keys;

import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.NodeId;
import dcfs.keyring.identity.RevocationList;
import dcfs.tools.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dcfs network revoke --dir D NODE_ID [--reason R]}. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a node or client: sign a new revocation list (DIR/revocations.rvl) with the next sequence number.",
            "Peers refuse the node once they hold the new list."})
public final class NetworkRevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The network's directory.")
    Path dir;

    @Parameters(paramLabel = "NODE_ID", description = "The node id (64 hex), or a unique prefix of an issued one.")
    String nodeId;

    @Option(names = "--reason", paramLabel = "R", defaultValue = "", description = "Why, for the logs of the peers (at most 256 bytes).")
    String reason;

    @Override
    public Integer call() {
        try {
            NetworkAuthority net = NetworkAuthority.load(dir);
            NodeId id = net.resolve(nodeId);
            RevocationList list;
            try {
                list = net.revoke(id.hex(), reason);
            } catch (IllegalArgumentException e) {
                throw new dcfs.tools.UserError(e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("revoked %s%n", id);
            out.printf("revocation list %d (%d revoked) written to %s%n", list.sequence(), list.entries().size(),
                    dir.resolve(NetworkAuthority.REVOCATIONS_FILE));
            out.flush();
            return ExitCodes.OK;
        } catch (IdentityException e) {
            throw KeyringErrors.of(e);
        } catch (IOException e) {
            throw KeyringErrors.of(e);
        }
    }
}
