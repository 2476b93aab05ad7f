package dcfs.shardcodec.rs;

/**
 * Table-driven loop: one 256-byte multiplication row per coefficient. The reference every other
 * loop is checked against, and the fallback where the Vector API is absent.
 *
 * <p>Works in column blocks of {@value #BLOCK_BYTES} bytes: within a block, each output is built
 * from every input while it stays in L1 cache, instead of streaming a whole shard-length output
 * through memory once per input. The short inner loops are also invoked often enough for C2 to
 * compile them normally rather than leave a 1 MiB loop running in on-stack-replacement code.
 */
public final class ScalarCodingLoop implements CodingLoop {
    public static final ScalarCodingLoop INSTANCE = new ScalarCodingLoop();

    static final int BLOCK_BYTES = 4 * 1024;

    private ScalarCodingLoop() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void codeSomeShards(CodingRows rows, byte[][] inputs, int inputOffset,
                               byte[][] outputs, int outputOffset, int byteCount) {
        for (int done = 0; done < byteCount; done += BLOCK_BYTES) {
            int n = Math.min(BLOCK_BYTES, byteCount - done);
            for (int o = 0; o < rows.outputCount(); o++) {
                codeOne(rows.row(o), inputs, inputOffset + done, outputs[o], outputOffset + done, n);
            }
        }
    }

    /** One output over {@code [0, byteCount)}; also the vector loop's tail. */
    static void codeOne(byte[] row, byte[][] inputs, int inputOffset, byte[] out, int outputOffset, int byteCount) {
        multiply(GaloisField.multiplicationRow(row[0]), inputs[0], inputOffset, out, outputOffset, byteCount);
        for (int i = 1; i < row.length; i++) {
            multiplyAdd(GaloisField.multiplicationRow(row[i]), inputs[i], inputOffset, out, outputOffset, byteCount);
        }
    }

    private static void multiply(byte[] table, byte[] in, int inputOffset, byte[] out, int outputOffset, int n) {
        for (int b = 0; b < n; b++) {
            out[outputOffset + b] = table[in[inputOffset + b] & 0xFF];
        }
    }

    private static void multiplyAdd(byte[] table, byte[] in, int inputOffset, byte[] out, int outputOffset, int n) {
        for (int b = 0; b < n; b++) {
            out[outputOffset + b] ^= table[in[inputOffset + b] & 0xFF];
        }
    }
}
