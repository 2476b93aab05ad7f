package dcfs.shardcodec;

import java.util.List;

/**
 * A stripe's plaintext and what it took to get it.
 *
 * @param data     the L plaintext bytes; freshly allocated, owned by the caller
 * @param accepted indices of the shards that authenticated, ascending
 * @param rejected shards that were offered and not used, with the reason: repair rebuilds these
 */
public record DecodedStripe(byte[] data, List<Integer> accepted, List<RejectedShard> rejected) {
    public DecodedStripe {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }
}
