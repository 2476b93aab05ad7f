package dcfs.shardcodec;

import java.util.List;

/**
 * Part of a stripe's plaintext, read without decrypting more than the segments that hold it.
 *
 * @param data     the bytes asked for; freshly allocated, owned by the caller
 * @param rejected shards found bad on the way (only those the read touched)
 */
public record RangeRead(byte[] data, List<RejectedShard> rejected) {
    public RangeRead {
        rejected = List.copyOf(rejected);
    }
}
