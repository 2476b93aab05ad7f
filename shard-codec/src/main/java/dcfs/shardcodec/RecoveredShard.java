package dcfs.shardcodec;

import dcfs.shardcodec.v1.ShardHeader;
import java.util.Arrays;

/**
 * What the recovery key alone reveals about a shard (docs/shard-format.md, "Recovery block"):
 * the file it belongs to, its place in the stripe, and the caller's recovery blob (the filesystem
 * keeps the inode and stripe facts it needs there). With the file id, {@code dcfs recover} derives
 * the file key and decodes the stripe.
 *
 * @param header       the shard's header, authenticated by the recovery block
 * @param fileId       16 bytes
 * @param recoveryBlob the caller's blob as sealed by the encoder
 */
public record RecoveredShard(ShardHeader header, byte[] fileId, byte[] recoveryBlob) {
    public RecoveredShard {
        fileId = fileId.clone();
        recoveryBlob = recoveryBlob.clone();
    }

    @Override
    public byte[] fileId() {
        return fileId.clone();
    }

    @Override
    public byte[] recoveryBlob() {
        return recoveryBlob.clone();
    }

    public int index() {
        return header.index();
    }

    /** The address to decode this shard's stripe at. */
    public StripeAddress address() {
        return new StripeAddress(fileId, header.stripe(), header.generation(), header.keyEpoch(), header.stripeTag());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveredShard r && header.equals(r.header) && Arrays.equals(fileId, r.fileId)
                && Arrays.equals(recoveryBlob, r.recoveryBlob);
    }

    @Override
    public int hashCode() {
        return header.hashCode();
    }

    @Override
    public String toString() {
        return "recovered " + header;
    }
}
