package dcfs.shardcodec.bench;

import dcfs.shardcodec.rs.CodingLoops;
import dcfs.shardcodec.rs.NotEnoughShardsException;
import dcfs.shardcodec.rs.ReedSolomon;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The state one benchmark case runs against: shards allocated and filled once with seeded random
 * data, parity encoded; {@link #run()} then does one timed operation. For decode the same data
 * shards are lost every time, so after the first call the decode plan comes from the codec's cache,
 * as it does when consecutive stripes lose the same nodes.
 */
public final class CodecWorkload {
    private final CodecCase benchCase;
    private final ReedSolomon codec;
    private final byte[][] shards;
    private final boolean[] present;

    private CodecWorkload(CodecCase benchCase) {
        this.benchCase = benchCase;
        this.codec = ReedSolomon.create(benchCase.dataShards(), benchCase.parityShards(),
                CodingLoops.named(benchCase.impl()));
        int total = codec.totalShardCount();
        this.shards = new byte[total][benchCase.shardBytes()];
        SplittableRandom random = new SplittableRandom(0x11D);
        for (int i = 0; i < benchCase.dataShards(); i++) {
            fill(shards[i], random);
        }
        codec.encodeParity(shards, 0, benchCase.shardBytes());
        this.present = new boolean[total];
        Arrays.fill(present, true);
        for (int i = 0; i < benchCase.lostShards(); i++) {
            present[i] = false;
        }
    }

    /** Allocates and fills the shards of {@code benchCase} (k + m shards of its size). */
    public static CodecWorkload prepare(CodecCase benchCase) {
        return new CodecWorkload(benchCase);
    }

    public CodecCase benchCase() {
        return benchCase;
    }

    /** One encode or decode over whole shards. */
    public void run() {
        int size = benchCase.shardBytes();
        switch (benchCase.op()) {
            case ENCODE -> codec.encodeParity(shards, 0, size);
            case DECODE -> {
                try {
                    codec.decodeMissing(shards, present, 0, size);
                } catch (NotEnoughShardsException e) {
                    throw new IllegalStateException("a benchmark case lost more shards than it can rebuild", e);
                }
            }
        }
    }

    /** True if the shards form a valid codeword: a check that the timed runs computed real bytes. */
    public boolean parityCorrect() {
        return codec.isParityCorrect(shards, 0, benchCase.shardBytes());
    }

    private static void fill(byte[] shard, SplittableRandom random) {
        for (int i = 0; i < shard.length; i += 8) {
            long v = random.nextLong();
            for (int b = 0; b < 8 && i + b < shard.length; b++) {
                shard[i + b] = (byte) (v >>> (8 * b));
            }
        }
    }
}
