package dcfs.replicanet.client;

import dcfs.replicanet.placement.StripePlacement;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A stripe write under way.
 *
 * @param placement where its shards go; {@code placement.underReplicated()} says whether the
 *     network can hold it as the shape asks (then it is stored as well as possible, and reported)
 * @param durable completes once every shard index has a copy committed and synced on some node
 *     (its primary holder, or a node it was handed off to when the primary failed): the moment
 *     {@code fsync} may return. Fails with {@link WriteFailedException} if some index could not
 *     be stored anywhere.
 * @param replicated completes once every copy has been tried, with the copies that are not where
 *     placement wants them (also kept in {@link ReplicaClient#pendingCopies()} for repair); never
 *     fails. The caller's shard arrays must stay unchanged until it completes.
 */
public record StripeWrite(StripePlacement placement, CompletableFuture<Void> durable,
        CompletableFuture<List<PendingCopy>> replicated) {
}
