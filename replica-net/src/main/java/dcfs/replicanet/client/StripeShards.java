package dcfs.replicanet.client;

/**
 * The result of a stripe read: at least k authenticated shards (or ranges of shards), enough for
 * {@code ReedSolomon.decodeMissing}.
 *
 * @param shards k+m entries; the bytes of each shard that arrived and authenticated, else null
 * @param present which entries hold authenticated bytes
 * @param offset where every entry's bytes start in its shard
 * @param shardLength the shards' whole length as the nodes reported it
 * @param rejected shards that arrived but failed authentication (index@node), for repair and reports
 */
public record StripeShards(byte[][] shards, boolean[] present, int offset, int shardLength,
        java.util.List<String> rejected) {
    public int presentCount() {
        int n = 0;
        for (boolean p : present) {
            n += p ? 1 : 0;
        }
        return n;
    }
}
