package dcfs.shardcodec.rs;

/**
 * A systematic Reed-Solomon code with {@code k} data and {@code m} parity shards over GF(2^8).
 *
 * <p>The coding matrix is the (k+m)×k Vandermonde matrix (entry r^c) times the inverse of its top
 * k×k square, so its top is the identity and its bottom m rows produce parity: the construction of
 * Backblaze's JavaReedSolomon and klauspost/reedsolomon, whose parity bytes therefore equal ours.
 * Shards are equal-length byte arrays, data first, parity after.
 *
 * <p>Instances are thread-safe: the matrices are immutable, and the cache of decode plans (one per
 * erasure pattern, least recently used evicted) is synchronized. Create one per (k, m) and share it.
 */
public final class ReedSolomon {
    /** Largest k + m: the Vandermonde rows must be distinct field elements. */
    public static final int MAX_TOTAL_SHARDS = GaloisField.SIZE;

    private final int dataShards;
    private final int parityShards;
    private final Matrix matrix;
    /** The bottom m rows of {@link #matrix}: what encoding multiplies the data by. */
    private final CodingRows parityRows;
    private final DecodePlans decodePlans;
    private final CodingLoop loop;

    private ReedSolomon(int dataShards, int parityShards, CodingLoop loop) {
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.loop = loop;
        int total = dataShards + parityShards;
        Matrix vandermonde = Matrix.vandermonde(total, dataShards);
        Matrix top = vandermonde.submatrix(0, 0, dataShards, dataShards);
        this.matrix = vandermonde.times(top.invert());
        byte[][] parity = new byte[parityShards][];
        for (int p = 0; p < parityShards; p++) {
            parity[p] = matrix.row(dataShards + p);
        }
        this.parityRows = CodingRows.of(parity);
        this.decodePlans = new DecodePlans(matrix);
    }

    /**
     * Codecs with the fastest loop, one per shape: building one inverts a matrix and prepares coding
     * rows, and the stripe path asks for one per stripe. Instances are immutable, so sharing is safe.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Integer, ReedSolomon> FASTEST =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A codec with the fastest coding loop this JVM and CPU offer ({@link CodingLoops#fastest()}). */
    public static ReedSolomon create(int dataShards, int parityShards) {
        checkShape(dataShards, parityShards);
        return FASTEST.computeIfAbsent(dataShards << 9 | parityShards,
                shape -> new ReedSolomon(dataShards, parityShards, CodingLoops.fastest()));
    }

    public static ReedSolomon create(int dataShards, int parityShards, CodingLoop loop) {
        checkShape(dataShards, parityShards);
        return new ReedSolomon(dataShards, parityShards, loop);
    }

    /** Throws {@link IllegalArgumentException} with a user-readable message if (k, m) is not a valid code. */
    public static void checkShape(int dataShards, int parityShards) {
        if (dataShards < 1) {
            throw new IllegalArgumentException("k (data shards) must be at least 1, got " + dataShards);
        }
        if (parityShards < 1) {
            throw new IllegalArgumentException("m (parity shards) must be at least 1, got " + parityShards);
        }
        if (dataShards + parityShards > MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("k + m must be at most " + MAX_TOTAL_SHARDS + ", got "
                    + (dataShards + parityShards));
        }
    }

    public int dataShardCount() {
        return dataShards;
    }

    public int parityShardCount() {
        return parityShards;
    }

    public int totalShardCount() {
        return dataShards + parityShards;
    }

    public CodingLoop codingLoop() {
        return loop;
    }

    /** The coefficient of data shard {@code col} in coding row {@code row} (for tests and docs). */
    public byte matrixEntry(int row, int col) {
        return matrix.get(row, col);
    }

    /** Computes the m parity shards from the k data shards over [offset, offset + byteCount). */
    public void encodeParity(byte[][] shards, int offset, int byteCount) {
        checkBuffers(shards, offset, byteCount);
        loop.codeSomeShards(parityRows, shards, parityOf(shards), offset, byteCount);
    }

    /** True if the parity shards are what {@link #encodeParity} would compute. */
    public boolean isParityCorrect(byte[][] shards, int offset, int byteCount) {
        checkBuffers(shards, offset, byteCount);
        return loop.checkSomeShards(parityRows, shards, parityOf(shards), offset, byteCount);
    }

    /**
     * Rebuilds every shard whose {@code shardPresent} entry is false, in place, from the present
     * ones, over [offset, offset + byteCount). Missing shards must still be allocated arrays of the
     * shard length; their contents are overwritten in that range.
     *
     * @throws NotEnoughShardsException if fewer than k shards are present
     */
    public void decodeMissing(byte[][] shards, boolean[] shardPresent, int offset, int byteCount)
            throws NotEnoughShardsException {
        checkBuffers(shards, offset, byteCount);
        int total = totalShardCount();
        if (shardPresent.length != total) {
            throw new IllegalArgumentException("shardPresent has " + shardPresent.length + " entries, want " + total);
        }
        int present = 0;
        for (boolean p : shardPresent) {
            present += p ? 1 : 0;
        }
        if (present == total) {
            return;
        }
        if (present < dataShards) {
            throw new NotEnoughShardsException(present, dataShards);
        }
        DecodePlan plan = decodePlans.planFor(shardPresent);
        byte[][] inputs = new byte[dataShards][];
        for (int i = 0; i < dataShards; i++) {
            inputs[i] = shards[plan.inputs()[i]];
        }
        byte[][] outputs = new byte[plan.outputs().length][];
        for (int o = 0; o < outputs.length; o++) {
            outputs[o] = shards[plan.outputs()[o]];
        }
        loop.codeSomeShards(plan.rows(), inputs, outputs, offset, byteCount);
    }

    /** Decode plans held in the cache (for tests). */
    int cachedDecodePlans() {
        return decodePlans.size();
    }

    private byte[][] parityOf(byte[][] shards) {
        byte[][] parity = new byte[parityShards][];
        System.arraycopy(shards, dataShards, parity, 0, parityShards);
        return parity;
    }

    private void checkBuffers(byte[][] shards, int offset, int byteCount) {
        if (shards.length != totalShardCount()) {
            throw new IllegalArgumentException("got " + shards.length + " shards, want " + totalShardCount());
        }
        if (offset < 0 || byteCount < 0) {
            throw new IllegalArgumentException("negative offset or byte count");
        }
        for (int i = 0; i < shards.length; i++) {
            if (shards[i] == null) {
                throw new IllegalArgumentException("shard " + i + " is null");
            }
        }
        int len = shards[0].length;
        for (int i = 1; i < shards.length; i++) {
            if (shards[i].length != len) {
                throw new IllegalArgumentException("shards differ in size: shard 0 has " + len
                        + " bytes, shard " + i + " has " + shards[i].length);
            }
        }
        if ((long) offset + byteCount > len) {
            throw new IllegalArgumentException("range " + offset + "+" + byteCount + " exceeds shard size " + len);
        }
    }
}
