package dcfs.shardcodec.rs;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decode plans by erasure pattern, least recently used evicted. Stripes of one file tend to lose
 * the same shards (the same nodes are down), so the k×k inversion and the vector tables are paid
 * once per pattern rather than once per stripe.
 *
 * <p>Thread-safe: the map is guarded by its own monitor; plans are immutable. A plan is built
 * outside the lock, so two threads may build the same one; the second simply replaces the first.
 */
final class DecodePlans {
    /** Patterns remembered; a handful of failed nodes gives few patterns, and a plan is small. */
    static final int CAPACITY = 32;

    private final Matrix matrix;
    private final int dataShards;
    private final Map<BitSet, DecodePlan> plans = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<BitSet, DecodePlan> eldest) {
            return size() > CAPACITY;
        }
    };

    /** {@code matrix}: the (k+m)×k coding matrix whose top k rows are the identity. */
    DecodePlans(Matrix matrix) {
        this.matrix = matrix;
        this.dataShards = matrix.cols();
    }

    /** The plan for the shards marked present; at least k must be. */
    DecodePlan planFor(boolean[] present) {
        BitSet key = new BitSet(present.length);
        for (int i = 0; i < present.length; i++) {
            key.set(i, present[i]);
        }
        DecodePlan plan;
        synchronized (plans) {
            plan = plans.get(key);
        }
        if (plan == null) {
            plan = build(present);
            synchronized (plans) {
                plans.put(key, plan);
            }
        }
        return plan;
    }

    /** Number of patterns held (for tests). */
    int size() {
        synchronized (plans) {
            return plans.size();
        }
    }

    private DecodePlan build(boolean[] present) {
        int total = present.length;
        int[] inputs = new int[dataShards];
        int missing = 0;
        for (int i = 0, n = 0; i < total; i++) {
            if (!present[i]) {
                missing++;
            } else if (n < dataShards) {
                inputs[n++] = i;
            }
        }
        // The inputs are the data times the rows of the coding matrix that made them; inverting
        // those rows turns the inputs back into the data.
        Matrix fromInputs = new Matrix(dataShards, dataShards);
        for (int r = 0; r < dataShards; r++) {
            for (int c = 0; c < dataShards; c++) {
                fromInputs.set(r, c, matrix.get(inputs[r], c));
            }
        }
        Matrix dataFromInputs = fromInputs.invert();
        // Row s of the coding matrix times that inverse makes shard s (data or parity) from the
        // inputs directly, so every missing shard comes out of one pass.
        int[] outputs = new int[missing];
        byte[][] rows = new byte[missing][];
        for (int s = 0, n = 0; s < total; s++) {
            if (!present[s]) {
                outputs[n] = s;
                rows[n] = matrix.submatrix(s, 0, s + 1, dataShards).times(dataFromInputs).row(0);
                n++;
            }
        }
        return new DecodePlan(inputs, outputs, CodingRows.of(rows));
    }
}
