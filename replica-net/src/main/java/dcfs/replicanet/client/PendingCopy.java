package dcfs.replicanet.client;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import java.time.Instant;

/**
 * A shard copy that is not where placement wants it: not written (node down, refused, no node to
 * place it on) or written elsewhere (handed off). Kept until repair takes it; never dropped silently.
 *
 * @param shard the shard
 * @param index its index in the stripe
 * @param copy which copy (0: primary)
 * @param placedOn the node placement chose, or null when placement had none
 * @param heldBy where the bytes went instead, or null if they are nowhere for this copy
 * @param reason why, in words
 * @param at when it was recorded
 */
public record PendingCopy(byte[] placementKey, ShardId shard, int index, int copy, MemberId placedOn, MemberId heldBy,
        String reason, Instant at) {
}
