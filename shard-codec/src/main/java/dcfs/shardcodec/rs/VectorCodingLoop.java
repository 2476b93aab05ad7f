package dcfs.shardcodec.rs;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Split-nibble multiplication on {@code jdk.incubator.vector}, at the widest vector the CPU shuffles
 * bytes in natively ({@link VectorWidth}).
 *
 * <p>For a coefficient {@code c} and a byte {@code x}: {@code c * x = lo[x & 0xF] ^ hi[x >>> 4]},
 * where {@code lo} and {@code hi} are the 16 products of {@code c} with every low and high nibble
 * ({@link CodingRows#nibbleTables}). Each lookup is one byte shuffle over a whole vector
 * ({@code selectFrom}; {@code vpermb} on AVX-512 VBMI). The tables repeat every 16 bytes, so the
 * shuffle index needs no masking: the low lookup uses {@code x} itself, the high one {@code x}
 * shifted right by 4 as 16-bit lanes (the bits that spill in from the neighbour byte land above
 * bit 3, where the repeated table ignores them).
 *
 * <p>Register blocking: for each vector of columns, every input vector is loaded once and
 * multiplied into up to {@value #GROUP} accumulators, which are stored once at the end. The work
 * goes in column blocks of {@value #BLOCK_BYTES} bytes: wider codes run in groups of {@value #GROUP}
 * outputs per block, so later groups re-read their inputs from cache, and the kernels are invoked
 * often enough that C2 compiles them normally instead of running a 1 MiB loop in on-stack-replacement
 * code (measured no slower for 4 outputs than one pass over the whole shard). Columns left over after
 * the last whole vector go through the scalar loop.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present ({@link CodingLoops}).
 */
public final class VectorCodingLoop implements CodingLoop {
    /** Outputs computed per pass over the inputs: 4 accumulators + 3 working vectors fit any ISA's registers. */
    static final int GROUP = 4;
    /** Columns per block. */
    static final int BLOCK_BYTES = 16 * 1024;

    /** System property: vector width in bits (128, 256, 512) instead of the widest, for measuring. */
    public static final String BITS_PROPERTY = "dcfs.codec.vectorBits";

    private static final VectorSpecies<Byte> SPECIES = species(System.getProperty(BITS_PROPERTY));
    private static final int WIDTH = SPECIES.length();

    static final VectorCodingLoop INSTANCE = new VectorCodingLoop();

    private VectorCodingLoop() {
    }

    /** The species {@link VectorWidth} picks: the widest, unless its byte shuffles are emulated. */
    private static VectorSpecies<Byte> species(String forcedBits) {
        int widest = ByteVector.SPECIES_PREFERRED.vectorBitSize();
        int bits = VectorWidth.choose(widest, forcedBits, System.getProperty("os.arch"), VectorWidth.cpuFlags());
        return VectorSpecies.of(byte.class, VectorShape.forBitSize(bits));
    }

    @Override
    public String name() {
        return "vector";
    }

    /** Bits per vector of the species in use (512 with AVX-512 VBMI, else 128 on x86). */
    public static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public void codeSomeShards(CodingRows rows, byte[][] inputs, int inputOffset,
                               byte[][] outputs, int outputOffset, int byteCount) {
        int vectorBytes = byteCount - byteCount % WIDTH;
        if (vectorBytes > 0) {
            byte[] tables = rows.nibbleTables(WIDTH);
            int outputCount = rows.outputCount();
            for (int done = 0; done < vectorBytes; done += BLOCK_BYTES) {
                int n = Math.min(BLOCK_BYTES, vectorBytes - done);
                for (int g = 0; g < outputCount; g += GROUP) {
                    codeGroup(rows, tables, g, Math.min(GROUP, outputCount - g),
                            inputs, inputOffset + done, outputs, outputOffset + done, n);
                }
            }
        }
        int tail = byteCount - vectorBytes;
        if (tail > 0) {
            for (int o = 0; o < rows.outputCount(); o++) {
                ScalarCodingLoop.codeOne(rows.row(o), inputs, inputOffset + vectorBytes,
                        outputs[o], outputOffset + vectorBytes, tail);
            }
        }
    }

    private static void codeGroup(CodingRows rows, byte[] tables, int first, int count, byte[][] inputs,
                                  int inputOffset, byte[][] outputs, int outputOffset, int byteCount) {
        int inputCount = rows.inputCount();
        // Distance between one input's tables and the next one's; see CodingRows.nibbleTables.
        int inputStride = rows.outputCount() * 2 * WIDTH;
        int base = first * 2 * WIDTH;
        switch (count) {
            case 1 -> code1(tables, base, inputStride, inputs, inputCount, inputOffset,
                    outputs[first], outputOffset, byteCount);
            case 2 -> code2(tables, base, inputStride, inputs, inputCount, inputOffset,
                    outputs[first], outputs[first + 1], outputOffset, byteCount);
            case 3 -> code3(tables, base, inputStride, inputs, inputCount, inputOffset,
                    outputs[first], outputs[first + 1], outputs[first + 2], outputOffset, byteCount);
            case 4 -> code4(tables, base, inputStride, inputs, inputCount, inputOffset,
                    outputs[first], outputs[first + 1], outputs[first + 2], outputs[first + 3],
                    outputOffset, byteCount);
            default -> throw new IllegalStateException("group of " + count + " outputs");
        }
    }

    /** {@code c * x} for the coefficient whose low-nibble table starts at {@code table}. */
    private static ByteVector times(byte[] tables, int table, ByteVector x, ByteVector xHigh) {
        ByteVector low = x.selectFrom(ByteVector.fromArray(SPECIES, tables, table));
        ByteVector high = xHigh.selectFrom(ByteVector.fromArray(SPECIES, tables, table + WIDTH));
        return low.lanewise(VectorOperators.XOR, high);
    }

    /** The high nibble of every byte in the low 4 bits of its lane (upper bits: don't care). */
    private static ByteVector highNibbles(ByteVector x) {
        return x.reinterpretAsShorts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes();
    }

    private static void code1(byte[] t, int base, int stride, byte[][] in, int inputCount, int inOff,
                              byte[] o0, int outOff, int byteCount) {
        for (int p = 0; p < byteCount; p += WIDTH) {
            ByteVector a0 = ByteVector.zero(SPECIES);
            for (int i = 0, ti = base; i < inputCount; i++, ti += stride) {
                ByteVector x = ByteVector.fromArray(SPECIES, in[i], inOff + p);
                ByteVector h = highNibbles(x);
                a0 = a0.lanewise(VectorOperators.XOR, times(t, ti, x, h));
            }
            a0.intoArray(o0, outOff + p);
        }
    }

    private static void code2(byte[] t, int base, int stride, byte[][] in, int inputCount, int inOff,
                              byte[] o0, byte[] o1, int outOff, int byteCount) {
        int w2 = 2 * WIDTH;
        for (int p = 0; p < byteCount; p += WIDTH) {
            ByteVector a0 = ByteVector.zero(SPECIES);
            ByteVector a1 = a0;
            for (int i = 0, ti = base; i < inputCount; i++, ti += stride) {
                ByteVector x = ByteVector.fromArray(SPECIES, in[i], inOff + p);
                ByteVector h = highNibbles(x);
                a0 = a0.lanewise(VectorOperators.XOR, times(t, ti, x, h));
                a1 = a1.lanewise(VectorOperators.XOR, times(t, ti + w2, x, h));
            }
            a0.intoArray(o0, outOff + p);
            a1.intoArray(o1, outOff + p);
        }
    }

    private static void code3(byte[] t, int base, int stride, byte[][] in, int inputCount, int inOff,
                              byte[] o0, byte[] o1, byte[] o2, int outOff, int byteCount) {
        int w2 = 2 * WIDTH;
        for (int p = 0; p < byteCount; p += WIDTH) {
            ByteVector a0 = ByteVector.zero(SPECIES);
            ByteVector a1 = a0;
            ByteVector a2 = a0;
            for (int i = 0, ti = base; i < inputCount; i++, ti += stride) {
                ByteVector x = ByteVector.fromArray(SPECIES, in[i], inOff + p);
                ByteVector h = highNibbles(x);
                a0 = a0.lanewise(VectorOperators.XOR, times(t, ti, x, h));
                a1 = a1.lanewise(VectorOperators.XOR, times(t, ti + w2, x, h));
                a2 = a2.lanewise(VectorOperators.XOR, times(t, ti + 2 * w2, x, h));
            }
            a0.intoArray(o0, outOff + p);
            a1.intoArray(o1, outOff + p);
            a2.intoArray(o2, outOff + p);
        }
    }

    private static void code4(byte[] t, int base, int stride, byte[][] in, int inputCount, int inOff,
                              byte[] o0, byte[] o1, byte[] o2, byte[] o3, int outOff, int byteCount) {
        int w2 = 2 * WIDTH;
        for (int p = 0; p < byteCount; p += WIDTH) {
            ByteVector a0 = ByteVector.zero(SPECIES);
            ByteVector a1 = a0;
            ByteVector a2 = a0;
            ByteVector a3 = a0;
            for (int i = 0, ti = base; i < inputCount; i++, ti += stride) {
                ByteVector x = ByteVector.fromArray(SPECIES, in[i], inOff + p);
                ByteVector h = highNibbles(x);
                a0 = a0.lanewise(VectorOperators.XOR, times(t, ti, x, h));
                a1 = a1.lanewise(VectorOperators.XOR, times(t, ti + w2, x, h));
                a2 = a2.lanewise(VectorOperators.XOR, times(t, ti + 2 * w2, x, h));
                a3 = a3.lanewise(VectorOperators.XOR, times(t, ti + 3 * w2, x, h));
            }
            a0.intoArray(o0, outOff + p);
            a1.intoArray(o1, outOff + p);
            a2.intoArray(o2, outOff + p);
            a3.intoArray(o3, outOff + p);
        }
    }
}
