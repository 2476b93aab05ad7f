package dcfs.replicanet.client;

/** Which shards a stripe read asks for before its hedge delay. */
public enum ReadPolicy {
    /**
     * All k+m shards at once, each from its nearest live holder: decodes from the first k that
     * authenticate, so one slow node costs nothing; (k+m)/k times the bytes of a stripe on the wire.
     */
    ALL_SHARDS,
    /**
     * The k data shards first (no decoding needed when they all arrive); after the hedge delay (the
     * measured p95 of shard reads) the parity shards and the other holders of what is missing.
     */
    DATA_FIRST
}
