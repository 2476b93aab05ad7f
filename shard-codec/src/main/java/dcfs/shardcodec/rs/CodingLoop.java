package dcfs.shardcodec.rs;

/**
 * The inner loop of Reed-Solomon: outputs[o] = sum over i of matrixRows[o][i] * inputs[i], bytewise
 * over [offset, offset + byteCount). Implementations differ only in speed; they must produce
 * identical bytes (property-tested).
 */
public interface CodingLoop {

    /** Name used in benchmarks and {@code dcfs bench codec}: "scalar" or "vector". */
    String name();

    void codeSomeShards(byte[][] matrixRows, byte[][] inputs, int inputCount,
                        byte[][] outputs, int outputCount, int offset, int byteCount);

    /** True if every output equals what {@link #codeSomeShards} would write into it. */
    default boolean checkSomeShards(byte[][] matrixRows, byte[][] inputs, int inputCount,
                                    byte[][] toCheck, int checkCount, int offset, int byteCount) {
        byte[][] expected = new byte[checkCount][offset + byteCount];
        codeSomeShards(matrixRows, inputs, inputCount, expected, checkCount, offset, byteCount);
        for (int c = 0; c < checkCount; c++) {
            if (!java.util.Arrays.equals(expected[c], offset, offset + byteCount,
                    toCheck[c], offset, offset + byteCount)) {
                return false;
            }
        }
        return true;
    }
}
