package dcfs.shardcodec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Which stripe a set of shards must belong to: the file, the stripe number inside it, the
 * generation (bumped on every rewrite of the stripe), the key epoch its file key comes from, and
 * the 32-byte stripe tag that the header carries in place of the file id (docs/shard-format.md,
 * "Shard ids and stripe tags").
 *
 * <p>The decoder rejects a shard whose header disagrees with any of these, so a shard moved from
 * another file, stripe or generation is an erasure, never data.
 *
 * @param fileId     16 random bytes naming the file (never seen by a node in clear)
 * @param stripe     stripe number inside the file, from 0
 * @param generation rewrite counter of this stripe, from 0
 * @param keyEpoch   key epoch of the file key, from 0
 * @param stripeTag  32 bytes, {@link ShardIds#stripeTag} of the other fields
 */
public record StripeAddress(byte[] fileId, long stripe, long generation, int keyEpoch, byte[] stripeTag) {
    public static final int FILE_ID_LENGTH = 16;
    public static final int STRIPE_TAG_LENGTH = 32;

    public StripeAddress {
        if (fileId == null || fileId.length != FILE_ID_LENGTH) {
            throw new IllegalArgumentException("file id must be " + FILE_ID_LENGTH + " bytes, got "
                    + (fileId == null ? "null" : fileId.length));
        }
        if (stripeTag == null || stripeTag.length != STRIPE_TAG_LENGTH) {
            throw new IllegalArgumentException("stripe tag must be " + STRIPE_TAG_LENGTH + " bytes, got "
                    + (stripeTag == null ? "null" : stripeTag.length));
        }
        if (stripe < 0 || generation < 0 || keyEpoch < 0) {
            throw new IllegalArgumentException("stripe, generation and key epoch must not be negative: "
                    + stripe + ", " + generation + ", " + keyEpoch);
        }
        fileId = fileId.clone();
        stripeTag = stripeTag.clone();
    }

    /** The address with its stripe tag derived from {@code tagKey} as the key tree would. */
    public static StripeAddress derive(byte[] tagKey, byte[] fileId, long stripe, long generation, int keyEpoch) {
        return new StripeAddress(fileId, stripe, generation, keyEpoch,
                ShardIds.stripeTag(tagKey, fileId, stripe, generation));
    }

    @Override
    public byte[] fileId() {
        return fileId.clone();
    }

    @Override
    public byte[] stripeTag() {
        return stripeTag.clone();
    }

    /** True if {@code tag} equals this address's stripe tag; no copy. */
    public boolean hasStripeTag(byte[] tag) {
        return Arrays.equals(stripeTag, tag);
    }

    /** True if {@code id} equals this address's file id; no copy. */
    public boolean hasFileId(byte[] id) {
        return Arrays.equals(fileId, id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StripeAddress a && stripe == a.stripe && generation == a.generation
                && keyEpoch == a.keyEpoch && Arrays.equals(fileId, a.fileId) && Arrays.equals(stripeTag, a.stripeTag);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(stripeTag) * 31 + Long.hashCode(stripe);
    }

    @Override
    public String toString() {
        return "file " + HexFormat.of().formatHex(fileId) + " stripe " + stripe + " generation " + generation
                + " epoch " + keyEpoch;
    }
}
