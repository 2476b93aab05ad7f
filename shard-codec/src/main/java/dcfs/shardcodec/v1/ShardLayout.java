package dcfs.shardcodec.v1;

import dcfs.shardcodec.CodecParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Where every byte of a format-v1 stripe lives (docs/shard-format.md, "Segments" and "Partial
 * reads"). Data shard i holds stripe bytes [i·N, (i+1)·N), N = ceil(L / k), zero-padded at the end
 * of the stripe; every shard's payload is n = max(1, ceil(N / S)) segments, segment j holding shard
 * plaintext [j·S, min(N, (j+1)·S)) followed by its 16-byte tag:
 *
 * <pre>
 * shard = header[H] ‖ seg 0 (S + 16) ‖ … ‖ seg n-1 (N - (n-1)·S + 16)
 * </pre>
 *
 * All shards of a stripe share one layout, so segment j of every shard covers the same column of
 * the code: a range decode needs segment j of any k shards.
 *
 * @param headerLength  H, including the sealed recovery block
 * @param k             data shards
 * @param m             parity shards
 * @param segmentSize   S
 * @param stripeLength  L
 */
public record ShardLayout(int headerLength, int k, int m, int segmentSize, long stripeLength) {

    public ShardLayout {
        if (headerLength < ShardHeader.MIN_HEADER_LENGTH || headerLength > ShardHeader.MAX_HEADER_LENGTH
                || stripeLength < 0 || stripeLength > ShardHeader.MAX_STRIPE_LENGTH
                || segmentSize < ShardHeader.MIN_SEGMENT_SIZE || segmentSize > ShardHeader.MAX_SEGMENT_SIZE
                || ShardHeader.shardLengthFor(stripeLength, k) > ShardHeader.MAX_SHARD_LENGTH) {
            throw new IllegalArgumentException("not a v1 layout: H=" + headerLength + " L=" + stripeLength + " S="
                    + segmentSize + " k=" + k);
        }
        new CodecParams(k, m, segmentSize);
    }

    /** The layout the encoder produces for these parameters, stripe length and recovery blob length. */
    public static ShardLayout of(CodecParams params, long stripeLength, int recoveryBlobLength) {
        if (recoveryBlobLength < 0 || recoveryBlobLength > ShardHeader.MAX_RECOVERY_BLOB_LENGTH) {
            throw new IllegalArgumentException("recovery blob must be 0 to " + ShardHeader.MAX_RECOVERY_BLOB_LENGTH
                    + " bytes, got " + recoveryBlobLength);
        }
        return new ShardLayout(ShardHeader.MIN_HEADER_LENGTH + recoveryBlobLength, params.k(), params.m(),
                params.segmentSize(), stripeLength);
    }

    /** N. */
    public int shardLength() {
        return ShardHeader.shardLengthFor(stripeLength, k);
    }

    /** n: at least one, so even an empty shard carries a tag that authenticates its header. */
    public int segmentCount() {
        int n = shardLength();
        return n == 0 ? 1 : (n + segmentSize - 1) / segmentSize;
    }

    /** Bytes of the whole encrypted shard. */
    public int encryptedLength() {
        return headerLength + shardLength() + segmentCount() * ShardHeader.TAG_LENGTH;
    }

    /** Where segment {@code s} starts inside the encrypted shard. */
    public int segmentOffset(int s) {
        checkSegment(s, segmentCount());
        return headerLength + s * (segmentSize + ShardHeader.TAG_LENGTH);
    }

    /** Where segment {@code s} starts inside the shard's plaintext. */
    public int plaintextOffset(int s) {
        checkSegment(s, segmentCount());
        return s * segmentSize;
    }

    public int segmentPlaintextLength(int s) {
        checkSegment(s, segmentCount() - 1);
        return Math.min(segmentSize, shardLength() - s * segmentSize);
    }

    /** Plaintext bytes of segments [first, end). */
    public int plaintextLength(int firstSegment, int endSegment) {
        return plaintextOffset(endSegment) - plaintextOffset(firstSegment)
                - (endSegment == segmentCount() ? segmentCount() * segmentSize - shardLength() : 0);
    }

    /** Encrypted bytes of segments [first, end), tags included. */
    public int encryptedLength(int firstSegment, int endSegment) {
        return segmentOffset(endSegment) - segmentOffset(firstSegment)
                - (endSegment == segmentCount() ? segmentCount() * segmentSize - shardLength() : 0);
    }

    private static void checkSegment(int s, int max) {
        if (s < 0 || s > max) {
            throw new IndexOutOfBoundsException("segment " + s + " outside 0.." + max);
        }
    }

    /**
     * The data-shard reads that serve stripe bytes [offset, offset + length): one per data shard the
     * range touches, in stripe order, each naming whole segments (the unit of authentication) and
     * the bytes wanted inside them.
     */
    public List<ShardRead> locate(long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > stripeLength) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside the stripe's "
                    + stripeLength + " bytes");
        }
        List<ShardRead> reads = new ArrayList<>();
        int n = shardLength();
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            int shard = (int) (pos / n);
            int inShard = (int) (pos - (long) shard * n);
            int take = (int) Math.min(end - pos, n - inShard);
            int first = inShard / segmentSize;
            int last = (inShard + take - 1) / segmentSize;
            reads.add(new ShardRead(shard, first, last + 1, inShard - first * segmentSize, take,
                    (int) (pos - offset), segmentOffset(first), encryptedLength(first, last + 1)));
            pos += take;
        }
        return reads;
    }

    /**
     * One data shard's part of a range read. The segment range and its encrypted byte range are the
     * same in every shard of the stripe: when the data shard is missing or bad, fetch the same
     * bytes of any k others and decode the column ({@code StripeDecoder.readRange} does).
     *
     * @param shard           data shard index
     * @param firstSegment    first segment to fetch and authenticate
     * @param endSegment      one past the last segment
     * @param skip            bytes to skip in the plaintext of {@code firstSegment}
     * @param length          bytes wanted from there
     * @param resultOffset    where they go in the range's result
     * @param encryptedOffset where {@code firstSegment} starts in the encrypted shard
     * @param encryptedLength encrypted bytes of the segments, tags included
     */
    public record ShardRead(int shard, int firstSegment, int endSegment, int skip, int length, int resultOffset,
                            int encryptedOffset, int encryptedLength) {
    }
}
