package dcfs.replicanet;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A node's id in the replica network: the 32 bytes of the keyring's {@code NodeId} (SHA-256 of
 * the node's public key), the name that membership, placement and revocation use. On the wire it
 * is always these 32 bytes.
 */
public record MemberId(byte[] bytes) implements Comparable<MemberId> {
    public static final int LENGTH = Id32.LENGTH;

    public MemberId {
        bytes = Id32.checked(bytes, "a member id");
    }

    public static MemberId fromHex(String hex) {
        return new MemberId(HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, for encoders and hashes that only read them. */
    public byte[] unsafeBytes() {
        return bytes;
    }

    public String hex() {
        return Id32.hex(bytes);
    }

    /** The first 16 hex characters, for logs and tables. */
    public String shortForm() {
        return hex().substring(0, 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(MemberId o) {
        return Id32.compare(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return shortForm();
    }
}
