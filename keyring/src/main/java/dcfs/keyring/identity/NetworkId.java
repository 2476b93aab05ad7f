package dcfs.keyring.identity;

import java.security.PublicKey;
import java.util.HexFormat;

/**
 * A network's id: SHA-256 of its admission key's DER SubjectPublicKeyInfo (the same hash as
 * {@link NodeId}), 64 lower-case hex characters.
 *
 * @param hex the 64 lower-case hex characters
 */
public record NetworkId(String hex) {
    public NetworkId {
        KeyHash.checkHex(hex, "a network id");
    }

    /** The id of the network whose admission key is {@code key}. */
    public static NetworkId of(PublicKey key) {
        return new NetworkId(KeyHash.hex(key));
    }

    /** The 32 bytes of the id. */
    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** The first 16 hex characters, for messages and tables. */
    public String shortForm() {
        return hex.substring(0, KeyHash.SHORT_CHARS);
    }

    @Override
    public String toString() {
        return hex;
    }
}
