package dcfs.tools.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.RevocationList;
import dcfs.tools.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dcfs network show --dir D [--json]}: the network, its revocation list, what it issued. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show the network id, its certificate's validity, the revocation list and every identity issued.")
public final class NetworkShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The network's directory.")
    Path dir;

    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NetworkAuthority net;
        List<NetworkAuthority.Issued> issued;
        try {
            net = NetworkAuthority.load(dir);
            issued = net.issued();
        } catch (IdentityException e) {
            throw KeyringErrors.of(e);
        } catch (IOException e) {
            throw KeyringErrors.of(e);
        }
        RevocationList revocations = net.revocations();
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NetworkAuthority.Issued i : issued) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("nodeId", i.nodeId().hex());
            row.put("role", i.role().label());
            row.put("name", i.name());
            row.put("notAfter", i.notAfter().toString());
            row.put("status", revocations.isRevoked(i.nodeId()) ? "revoked" : i.notAfter().isBefore(now) ? "expired" : "valid");
            rows.add(row);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("networkId", net.networkId().hex());
            all.put("notBefore", net.certificate().getNotBefore().toInstant().toString());
            all.put("notAfter", net.certificate().getNotAfter().toInstant().toString());
            all.put("revocationSequence", revocations.sequence());
            List<Map<String, Object>> revoked = new ArrayList<>();
            for (RevocationList.Entry e : revocations.entries()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("nodeId", e.nodeId().hex());
                r.put("revokedAt", e.revokedAt().toString());
                r.put("reason", e.reason());
                revoked.add(r);
            }
            all.put("revoked", revoked);
            all.put("issued", rows);
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(all));
        } else {
            out.printf("network      %s%n", net.networkId());
            out.printf("valid        %s to %s%n", net.certificate().getNotBefore().toInstant(),
                    net.certificate().getNotAfter().toInstant());
            out.printf("revocations  list %d, %d revoked%n", revocations.sequence(), revocations.entries().size());
            out.println();
            out.printf("%-16s  %-6s  %-8s  %-20s  %s%n", "NODE ID", "ROLE", "STATUS", "EXPIRES", "NAME");
            for (Map<String, Object> r : rows) {
                out.printf("%-16s  %-6s  %-8s  %-20s  %s%n", ((String) r.get("nodeId")).substring(0, 16), r.get("role"),
                        r.get("status"), r.get("notAfter"), r.get("name"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
