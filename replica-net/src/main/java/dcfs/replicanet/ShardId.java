package dcfs.replicanet;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 32-byte name of one shard on the nodes. The writer chooses it (vfs derives it from its
 * shard-tag key so that nodes cannot link shards to files); nodes treat it as opaque.
 */
public record ShardId(byte[] bytes) implements Comparable<ShardId> {
    public static final int LENGTH = Id32.LENGTH;

    public ShardId {
        bytes = Id32.checked(bytes, "a shard id");
    }

    public static ShardId fromHex(String hex) {
        return new ShardId(HexFormat.of().parseHex(hex));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, for encoders that only read them. */
    public byte[] unsafeBytes() {
        return bytes;
    }

    public String hex() {
        return Id32.hex(bytes);
    }

    /** The first 16 hex characters, for logs and messages. */
    public String shortForm() {
        return hex().substring(0, 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(ShardId o) {
        return Id32.compare(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return shortForm();
    }
}
