package dcfs.replicanet.placement;

/**
 * How a stripe is stored: {@code k} data and {@code m} parity shards, {@code replicas} copies of
 * every shard on different groups of nodes.
 */
public record Shape(int dataShards, int parityShards, int replicas) {
    public Shape {
        if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > 255) {
            throw new IllegalArgumentException("k must be ≥ 1, m ≥ 0, k + m ≤ 255; got k=" + dataShards + " m="
                    + parityShards);
        }
        if (replicas < 1 || replicas > 8) {
            throw new IllegalArgumentException("replicas must be 1..8, got " + replicas);
        }
    }

    /** The defaults of DESIGN.md: RS(4,2), two copies. */
    public static Shape defaults() {
        return new Shape(4, 2, 2);
    }

    public int totalShards() {
        return dataShards + parityShards;
    }
}
