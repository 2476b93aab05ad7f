package dcfs.shardcodec;

import dcfs.shardcodec.v1.ShardHeader;

/**
 * A shard that authenticated for {@link #address()}: its header and its decrypted plaintext,
 * ready to be added to a {@link StripeAssembly}. Immutable once made.
 *
 * <p>The plaintext buffer belongs to this object; the assembly reads it, nobody writes it. A data
 * shard opened by {@link StripeDecoder#authenticateInto} has none: its plaintext went straight
 * into that assembly's stripe buffer.
 */
public final class OpenedShard implements ShardVerdict {
    private final StripeAddress address;
    private final ShardHeader header;
    private final byte[] plaintext;

    OpenedShard(StripeAddress address, ShardHeader header, byte[] plaintext) {
        this.address = address;
        this.header = header;
        this.plaintext = plaintext;
    }

    @Override
    public int index() {
        return header.index();
    }

    public StripeAddress address() {
        return address;
    }

    public ShardHeader header() {
        return header;
    }

    /** N bytes, not copied (callers in this package only read it); null if decrypted into an assembly. */
    byte[] plaintext() {
        return plaintext;
    }

    @Override
    public String toString() {
        return "shard " + index() + " (authentic)";
    }
}
