package dcfs.shardcodec.bench;

import dcfs.shardcodec.rs.ReedSolomon;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark case: an operation on RS(k, m) with shards of {@code shardBytes}, through the
 * coding loop named {@code impl} ("scalar" or "vector").
 */
public record CodecCase(CodecOp op, int dataShards, int parityShards, int shardBytes, String impl) {

    /** The (k, m) shapes of issue 2: the default stripe, a wide one, and one close to 20 nodes. */
    public static final List<int[]> STANDARD_SHAPES = List.of(new int[] {4, 2}, new int[] {10, 4}, new int[] {17, 3});
    /** Shard sizes of issue 2: a small stripe and the default 1 MiB. */
    public static final List<Integer> STANDARD_SHARD_BYTES = List.of(64 * 1024, 1024 * 1024);

    public CodecCase {
        ReedSolomon.checkShape(dataShards, parityShards);
        if (shardBytes < 1) {
            throw new IllegalArgumentException("shard size must be at least 1 byte, got " + shardBytes);
        }
    }

    /** Every standard shape, size and operation, for each of {@code impls}, in a stable order. */
    public static List<CodecCase> standard(List<String> impls) {
        List<CodecCase> cases = new ArrayList<>();
        for (int[] shape : STANDARD_SHAPES) {
            for (int size : STANDARD_SHARD_BYTES) {
                for (CodecOp op : CodecOp.values()) {
                    for (String impl : impls) {
                        cases.add(new CodecCase(op, shape[0], shape[1], size, impl));
                    }
                }
            }
        }
        return cases;
    }

    /** Data shards lost before each decode: m of them (all data shards if m > k); none for encode. */
    public int lostShards() {
        return op == CodecOp.DECODE ? Math.min(parityShards, dataShards) : 0;
    }

    /** Bytes of data one operation covers: the figure MB/s is counted in. */
    public long dataBytes() {
        return (long) dataShards * shardBytes;
    }
}
