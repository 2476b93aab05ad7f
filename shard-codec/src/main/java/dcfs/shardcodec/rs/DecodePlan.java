package dcfs.shardcodec.rs;

/**
 * How to rebuild the missing shards of one erasure pattern in a single pass: read the shards at
 * {@code inputs} (the first k present), multiply by {@code rows}, write the shards at
 * {@code outputs} (every missing one, data and parity alike).
 */
record DecodePlan(int[] inputs, int[] outputs, CodingRows rows) {
}
