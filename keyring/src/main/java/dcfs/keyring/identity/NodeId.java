package dcfs.keyring.identity;

import java.security.PublicKey;
import java.util.HexFormat;

/**
 * A node's (or client's) id in a network: SHA-256 of its public key's DER SubjectPublicKeyInfo,
 * as 64 lower-case hex characters. It is written in the certificate's subject CN and SAN, and it
 * is what revocation lists, placement and reputation name.
 *
 * @param hex the 64 lower-case hex characters
 */
public record NodeId(String hex) implements Comparable<NodeId> {
    public NodeId {
        KeyHash.checkHex(hex, "a node id");
    }

    /** The id of the holder of {@code key}. */
    public static NodeId of(PublicKey key) {
        return new NodeId(KeyHash.hex(key));
    }

    /** The 32 bytes of the id. */
    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** The id from its 32 bytes. */
    public static NodeId fromBytes(byte[] bytes) {
        return new NodeId(HexFormat.of().formatHex(bytes));
    }

    /** The first 16 hex characters, for messages and tables. */
    public String shortForm() {
        return hex.substring(0, KeyHash.SHORT_CHARS);
    }

    @Override
    public int compareTo(NodeId o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
