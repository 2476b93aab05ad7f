package dcfs.shardcodec.rs;

/**
 * A systematic Reed-Solomon code with {@code k} data and {@code m} parity shards over GF(2^8).
 *
 * <p>The coding matrix is the (k+m)×k Vandermonde matrix (entry r^c) times the inverse of its top
 * k×k square, so its top is the identity and its bottom m rows produce parity: the construction of
 * Backblaze's JavaReedSolomon and klauspost/reedsolomon, whose parity bytes therefore equal ours
 * (docs/shard-format.md, "Reed-Solomon"). Shards are equal-length byte arrays, data first.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ReedSolomon {
    /** Largest k + m: the Vandermonde rows must be distinct field elements. */
    public static final int MAX_TOTAL_SHARDS = GaloisField.SIZE;

    private final int dataShards;
    private final int parityShards;
    private final Matrix matrix;
    /** The bottom m rows of {@link #matrix}: what encoding multiplies the data by. */
    private final byte[][] parityRows;
    private final CodingLoop loop;

    private ReedSolomon(int dataShards, int parityShards, CodingLoop loop) {
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.loop = loop;
        int total = dataShards + parityShards;
        Matrix vandermonde = Matrix.vandermonde(total, dataShards);
        Matrix top = vandermonde.submatrix(0, 0, dataShards, dataShards);
        this.matrix = vandermonde.times(top.invert());
        this.parityRows = new byte[parityShards][];
        for (int p = 0; p < parityShards; p++) {
            parityRows[p] = matrix.row(dataShards + p);
        }
    }

    /** A codec with the fastest coding loop this JVM and CPU offer. */
    public static ReedSolomon create(int dataShards, int parityShards) {
        return create(dataShards, parityShards, CodingLoops.fastest());
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
        byte[][] outputs = new byte[parityShards][];
        System.arraycopy(shards, dataShards, outputs, 0, parityShards);
        loop.codeSomeShards(parityRows, shards, dataShards, outputs, parityShards, offset, byteCount);
    }

    /** True if the parity shards are what {@link #encodeParity} would compute. */
    public boolean isParityCorrect(byte[][] shards, int offset, int byteCount) {
        checkBuffers(shards, offset, byteCount);
        byte[][] toCheck = new byte[parityShards][];
        System.arraycopy(shards, dataShards, toCheck, 0, parityShards);
        return loop.checkSomeShards(parityRows, shards, dataShards, toCheck, parityShards, offset, byteCount);
    }

    /**
     * Rebuilds every shard whose {@code shardPresent} entry is false, in place, from the present
     * ones. Missing shards must still be allocated arrays of the shard length.
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

        // The first k present shards, and the rows of the coding matrix that made them.
        Matrix sub = new Matrix(dataShards, dataShards);
        byte[][] subShards = new byte[dataShards][];
        int[] subRows = new int[dataShards];
        for (int i = 0, n = 0; i < total && n < dataShards; i++) {
            if (shardPresent[i]) {
                subRows[n] = i;
                subShards[n] = shards[i];
                n++;
            }
        }
        byte[][] subData = new byte[dataShards][];
        for (int r = 0; r < dataShards; r++) {
            subData[r] = matrix.row(subRows[r]);
        }
        Matrix decode = fromRows(subData).invert();

        // Missing data shards: rows of the inverse applied to the present shards.
        byte[][] outputs = new byte[parityShards][];
        byte[][] rows = new byte[parityShards][];
        int outputCount = 0;
        for (int d = 0; d < dataShards; d++) {
            if (!shardPresent[d]) {
                outputs[outputCount] = shards[d];
                rows[outputCount] = decode.row(d);
                outputCount++;
            }
        }
        if (outputCount > 0) {
            loop.codeSomeShards(rows, subShards, dataShards, outputs, outputCount, offset, byteCount);
        }

        // Missing parity shards: encode again from the now complete data.
        outputCount = 0;
        for (int p = dataShards; p < total; p++) {
            if (!shardPresent[p]) {
                outputs[outputCount] = shards[p];
                rows[outputCount] = parityRows[p - dataShards];
                outputCount++;
            }
        }
        if (outputCount > 0) {
            loop.codeSomeShards(rows, shards, dataShards, outputs, outputCount, offset, byteCount);
        }
    }

    private static Matrix fromRows(byte[][] rows) {
        Matrix m = new Matrix(rows.length, rows[0].length);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                m.set(r, c, rows[r][c]);
            }
        }
        return m;
    }

    private void checkBuffers(byte[][] shards, int offset, int byteCount) {
        if (shards.length != totalShardCount()) {
            throw new IllegalArgumentException("got " + shards.length + " shards, want " + totalShardCount());
        }
        if (offset < 0 || byteCount < 0) {
            throw new IllegalArgumentException("negative offset or byte count");
        }
        int len = shards[0].length;
        for (int i = 0; i < shards.length; i++) {
            if (shards[i] == null) {
                throw new IllegalArgumentException("shard " + i + " is null");
            }
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
