package dcfs.shardcodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The stripe the fuzz tests are about, and the seed corpus for them. To rewrite the seeds after a
 * deliberate format change, from {@code shard-codec/} after {@code test-compile}:
 * {@code java -cp target/test-classes:target/classes dcfs.shardcodec.FuzzCorpus}.
 */
public final class FuzzCorpus {
    static final StripeAddress ADDRESS = StripeFixture.address();
    static final CodecParams PARAMS = new CodecParams(4, 2, 1024);
    /** 3000 bytes: N = 750, one segment per shard, shards of 910 bytes. */
    static final byte[] STRIPE = StripeFixture.stripe(3000, 3);
    static final byte[][] SHARDS = new StripeEncoder(new SeededRandom(3)).encode(StripeFixture.KEYS, ADDRESS, PARAMS,
            StripeFixture.BLOB, STRIPE);

    private FuzzCorpus() {
    }

    static boolean isGenuine(byte[] shard) {
        return Arrays.stream(SHARDS).anyMatch(s -> Arrays.equals(s, shard));
    }

    /** Input for the decode target: up to 6 × (u16 length ‖ bytes); a zero length is an absent shard. */
    static byte[][] split(byte[] input) {
        ByteBuffer b = ByteBuffer.wrap(input);
        byte[][] shards = new byte[PARAMS.totalShards()][];
        for (int i = 0; i < shards.length && b.remaining() >= 2; i++) {
            int len = Math.min(Short.toUnsignedInt(b.getShort()), b.remaining());
            if (len > 0) {
                shards[i] = new byte[len];
                b.get(shards[i]);
            }
        }
        return shards;
    }

    static byte[] join(byte[][] shards) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(shards).mapToInt(s -> 2 + (s == null ? 0 : s.length)).sum());
        for (byte[] s : shards) {
            b.putShort((short) (s == null ? 0 : s.length));
            if (s != null) {
                b.put(s);
            }
        }
        return b.array();
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "src/test/resources");
        Path v1 = resources.resolve("dcfs/shardcodec/v1/ShardHeaderFuzzTestInputs/parseRejectsOrRoundTrips");
        Path codec = resources.resolve("dcfs/shardcodec/StripeDecoderFuzzTestInputs");
        StripeEncoder encoder = new StripeEncoder(new SeededRandom(4));
        write(v1, "k4m2-3000", SHARDS[0]);
        write(v1, "k1m1-empty", encoder.encode(StripeFixture.KEYS, ADDRESS, new CodecParams(1, 1, 1024), new byte[0],
                new byte[0])[1]);
        write(v1, "k10m4-1byte", encoder.encode(StripeFixture.KEYS, ADDRESS, new CodecParams(10, 4, 4096),
                new byte[512], new byte[1])[13]);
        write(v1, "k255m1-2000", encoder.encode(StripeFixture.KEYS, ADDRESS, new CodecParams(255, 1, 256 * 1024),
                new byte[5], new byte[2000])[254]);
        write(v1, "magic-only", Arrays.copyOf(SHARDS[0], 8));
        for (int i = 0; i < SHARDS.length; i++) {
            write(codec.resolve("authenticateAlwaysGivesAVerdict"), "shard-" + i, SHARDS[i]);
            write(codec.resolve("openRecoveryThrowsOnlyCheckedExceptions"), "shard-" + i, SHARDS[i]);
        }
        write(codec.resolve("decodeGivesTheStripeOrSaysWhy"), "all", join(SHARDS));
        byte[][] degraded = StripeFixture.copy(SHARDS);
        degraded[1] = null;
        degraded[2][300] ^= 1;
        write(codec.resolve("decodeGivesTheStripeOrSaysWhy"), "two-bad", join(degraded));
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
