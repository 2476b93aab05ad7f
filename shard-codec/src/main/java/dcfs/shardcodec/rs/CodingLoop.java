package dcfs.shardcodec.rs;

import java.util.Arrays;

/**
 * The inner loop of Reed-Solomon: for every output {@code o} of {@code rows},
 * {@code outputs[o][outputOffset + b] = sum over i of rows(o, i) * inputs[i][inputOffset + b]}
 * for {@code b} in {@code [0, byteCount)}. The loops differ only in speed; they produce identical
 * bytes (property-tested, and checked at startup before the vector loop is chosen).
 *
 * <p>{@code inputs} and {@code outputs} may be longer than the matrix needs; only the first
 * {@code rows.inputCount()} inputs and {@code rows.outputCount()} outputs are touched. An output
 * must not be one of the inputs.
 */
public sealed interface CodingLoop permits ScalarCodingLoop, VectorCodingLoop {

    /** Name used in benchmarks, {@code dcfs bench codec} and {@code -Ddcfs.codec.impl}. */
    String name();

    void codeSomeShards(CodingRows rows, byte[][] inputs, int inputOffset,
                        byte[][] outputs, int outputOffset, int byteCount);

    /** The same as {@link #codeSomeShards} with one offset for inputs and outputs. */
    default void codeSomeShards(CodingRows rows, byte[][] inputs, byte[][] outputs, int offset, int byteCount) {
        codeSomeShards(rows, inputs, offset, outputs, offset, byteCount);
    }

    /**
     * True if every one of the first {@code rows.outputCount()} arrays of {@code toCheck} holds, over
     * {@code [offset, offset + byteCount)}, what {@link #codeSomeShards} would write there. Works in
     * bounded memory (column blocks of {@value #CHECK_BLOCK_BYTES} bytes) and stops at the first
     * difference.
     */
    default boolean checkSomeShards(CodingRows rows, byte[][] inputs, byte[][] toCheck, int offset, int byteCount) {
        int outputs = rows.outputCount();
        int block = Math.min(CHECK_BLOCK_BYTES, byteCount);
        byte[][] expected = new byte[outputs][block];
        for (int done = 0; done < byteCount; done += block) {
            int n = Math.min(block, byteCount - done);
            codeSomeShards(rows, inputs, offset + done, expected, 0, n);
            for (int o = 0; o < outputs; o++) {
                if (!Arrays.equals(expected[o], 0, n, toCheck[o], offset + done, offset + done + n)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Size of the scratch columns {@link #checkSomeShards} computes into. */
    int CHECK_BLOCK_BYTES = 32 * 1024;
}
