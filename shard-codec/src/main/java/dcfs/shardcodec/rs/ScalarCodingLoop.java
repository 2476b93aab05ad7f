package dcfs.shardcodec.rs;

/** Table-driven loop: one 256-byte multiplication row per matrix coefficient, output-major. */
public final class ScalarCodingLoop implements CodingLoop {
    public static final ScalarCodingLoop INSTANCE = new ScalarCodingLoop();

    private ScalarCodingLoop() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void codeSomeShards(byte[][] matrixRows, byte[][] inputs, int inputCount,
                               byte[][] outputs, int outputCount, int offset, int byteCount) {
        int end = offset + byteCount;
        for (int o = 0; o < outputCount; o++) {
            byte[] out = outputs[o];
            byte[] row = matrixRows[o];
            byte[] table = GaloisField.multiplicationRow(row[0]);
            byte[] in = inputs[0];
            for (int b = offset; b < end; b++) {
                out[b] = table[in[b] & 0xFF];
            }
            for (int i = 1; i < inputCount; i++) {
                table = GaloisField.multiplicationRow(row[i]);
                in = inputs[i];
                for (int b = offset; b < end; b++) {
                    out[b] ^= table[in[b] & 0xFF];
                }
            }
        }
    }
}
