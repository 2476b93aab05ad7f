package dcfs.shardcodec.rs;

import java.util.Arrays;

/**
 * A coefficient matrix, prepared once and multiplied many times: output {@code o} of a coding
 * pass is the sum over {@code i} of {@code coefficient(o, i) * input[i]} in GF(2^8).
 *
 * <p>Holds, besides the coefficients, the split-nibble tables the vector loop multiplies with:
 * per coefficient {@code c}, the 16 products {@code c * n} and {@code c * (n << 4)} for every nibble
 * {@code n}, each repeated to fill one vector. They are built on first use for a given vector width
 * and kept, so a codec pays for them once and not on every stripe.
 *
 * <p>Immutable from the outside and thread-safe; the tables are published through a volatile field
 * (two threads may both build them; either copy is correct).
 */
public final class CodingRows {
    private final int outputCount;
    private final int inputCount;
    private final byte[][] rows;
    private volatile NibbleTables nibbleTables;

    /** Tables for one vector width; see {@link #nibbleTables(int)}. */
    private record NibbleTables(int stride, byte[] bytes) {
    }

    private CodingRows(byte[][] rows) {
        this.outputCount = rows.length;
        this.inputCount = rows.length == 0 ? 0 : rows[0].length;
        this.rows = new byte[outputCount][];
        for (int o = 0; o < outputCount; o++) {
            if (rows[o].length != inputCount) {
                throw new IllegalArgumentException("row " + o + " has " + rows[o].length
                        + " coefficients, row 0 has " + inputCount);
            }
            this.rows[o] = rows[o].clone();
        }
    }

    /** Copies {@code rows} (outputs × inputs, every row the same length). */
    public static CodingRows of(byte[][] rows) {
        return new CodingRows(rows);
    }

    public int outputCount() {
        return outputCount;
    }

    public int inputCount() {
        return inputCount;
    }

    public byte coefficient(int output, int input) {
        return rows[output][input];
    }

    /** The coefficients of one output; shared, callers must not modify it. */
    byte[] row(int output) {
        return rows[output];
    }

    /**
     * The split-nibble tables for vectors of {@code stride} bytes (a multiple of 16): for input
     * {@code i} and output {@code o}, the low-nibble table starts at
     * {@code ((i * outputCount + o) * 2) * stride} and the high-nibble table {@code stride} bytes
     * later. Input-major, so a pass that loads one input and feeds every output walks the tables
     * in order. Shared, callers must not modify it.
     */
    byte[] nibbleTables(int stride) {
        NibbleTables t = nibbleTables;
        if (t == null || t.stride() != stride) {
            t = new NibbleTables(stride, buildNibbleTables(stride));
            nibbleTables = t;
        }
        return t.bytes();
    }

    private byte[] buildNibbleTables(int stride) {
        if (stride < 16 || stride % 16 != 0) {
            throw new IllegalArgumentException("vector stride must be a multiple of 16 bytes, got " + stride);
        }
        byte[] tables = new byte[inputCount * outputCount * 2 * stride];
        for (int i = 0; i < inputCount; i++) {
            for (int o = 0; o < outputCount; o++) {
                byte c = rows[o][i];
                int low = (i * outputCount + o) * 2 * stride;
                int high = low + stride;
                for (int n = 0; n < 16; n++) {
                    tables[low + n] = GaloisField.multiply(c, (byte) n);
                    tables[high + n] = GaloisField.multiply(c, (byte) (n << 4));
                }
                // Repeat the 16 entries across the vector: a byte shuffle then reads entry
                // (index mod 16) whatever the upper index bits hold, so callers need not mask them.
                for (int r = 16; r < stride; r += 16) {
                    System.arraycopy(tables, low, tables, low + r, 16);
                    System.arraycopy(tables, high, tables, high + r, 16);
                }
            }
        }
        return tables;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodingRows c && Arrays.deepEquals(rows, c.rows);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(rows);
    }

    @Override
    public String toString() {
        return "CodingRows[" + outputCount + "x" + inputCount + "]";
    }
}
