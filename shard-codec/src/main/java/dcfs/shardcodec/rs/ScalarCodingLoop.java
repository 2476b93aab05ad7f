package dcfs.shardcodec.rs;

/**
 * Table-driven loop: one 256-byte multiplication row per coefficient, output by output. The
 * reference every other loop is checked against, and the fallback where the Vector API is absent.
 */
public final class ScalarCodingLoop implements CodingLoop {
    public static final ScalarCodingLoop INSTANCE = new ScalarCodingLoop();

    private ScalarCodingLoop() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void codeSomeShards(CodingRows rows, byte[][] inputs, int inputOffset,
                               byte[][] outputs, int outputOffset, int byteCount) {
        for (int o = 0; o < rows.outputCount(); o++) {
            codeOne(rows.row(o), inputs, inputOffset, outputs[o], outputOffset, byteCount);
        }
    }

    /** One output over {@code [0, byteCount)}; also the vector loop's tail. */
    static void codeOne(byte[] row, byte[][] inputs, int inputOffset, byte[] out, int outputOffset, int byteCount) {
        byte[] table = GaloisField.multiplicationRow(row[0]);
        byte[] in = inputs[0];
        for (int b = 0; b < byteCount; b++) {
            out[outputOffset + b] = table[in[inputOffset + b] & 0xFF];
        }
        for (int i = 1; i < row.length; i++) {
            table = GaloisField.multiplicationRow(row[i]);
            in = inputs[i];
            for (int b = 0; b < byteCount; b++) {
                out[outputOffset + b] ^= table[in[inputOffset + b] & 0xFF];
            }
        }
    }
}
