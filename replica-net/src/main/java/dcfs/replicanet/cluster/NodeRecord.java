package dcfs.replicanet.cluster;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node wrote to its {@code node.json} when it started listening.
 *
 * @param index its number in the cluster directory
 * @param dir its directory
 * @param id its member id
 * @param endpoint where it listens
 * @param pid its process id (the JVM's own, for embedded nodes)
 */
public record NodeRecord(int index, Path dir, MemberId id, Endpoint endpoint, long pid) {
    private static final Pattern FIELD = Pattern.compile("\"(id|address|pid)\"\\s*:\\s*\"?([^\",}]*)\"?");

    /** Reads {@code dir/node.json}; null if the node has not written one. */
    public static NodeRecord read(int index, Path dir) throws IOException {
        Path f = dir.resolve("node.json");
        if (!Files.exists(f)) {
            return null;
        }
        String json = Files.readString(f);
        String id = null;
        String address = null;
        long pid = -1;
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            switch (m.group(1)) {
                case "id" -> id = m.group(2);
                case "address" -> address = m.group(2);
                case "pid" -> pid = Long.parseLong(m.group(2).trim());
                default -> {
                }
            }
        }
        if (id == null || address == null) {
            throw new IOException(f + " is incomplete: " + json.strip());
        }
        return new NodeRecord(index, dir, MemberId.fromHex(id), Endpoint.parse(address), pid);
    }
}
