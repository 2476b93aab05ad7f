package dcfs.shardcodec.v1;

import static dcfs.shardcodec.StripeFixture.BLOB;
import static dcfs.shardcodec.StripeFixture.KEYS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dcfs.shardcodec.CodecParams;
import dcfs.shardcodec.SeededRandom;
import dcfs.shardcodec.StripeDecoder;
import dcfs.shardcodec.StripeEncoder;
import dcfs.shardcodec.StripeFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;

/**
 * Six shards of one stripe written by format v1 when it was made, committed under
 * {@code src/test/resources/dcfs/shardcodec/v1/frozen/}: every later build must read them, and
 * encoding the same stripe with the same nonces must still give these bytes. If the second test
 * fails, format v1 changed — make it v2 instead and keep reading these (STYLE.md 17).
 *
 * <p>The third test reads a segment and the recovery block with bare JDK calls, following only
 * docs/shard-format.md, so the document and the code cannot drift apart.
 */
class FrozenShardsV1Test {
    /** 20 000 bytes of SplittableRandom(42) at k=4, m=2, 1 KiB segments: N = 5000, 5 segments. */
    static final CodecParams PARAMS = new CodecParams(4, 2, 1024);
    static final long NONCE_SEED = 20_251_126L;
    static final String STRIPE_SHA256 = "e2eb95e80a589e8eeb0a338d79bb310e94f3218c6d64d72ab1b1784db380b224";

    static byte[] stripe() {
        return StripeFixture.stripe(20_000, 42);
    }

    static byte[][] encode() {
        return new StripeEncoder(new SeededRandom(NONCE_SEED)).encode(KEYS, StripeFixture.address(), PARAMS, BLOB,
                stripe());
    }

    @Test
    void frozenShardsStillDecode() throws Exception {
        byte[][] shards = frozen();
        shards[0] = null;
        shards[3] = null;
        byte[] data = new StripeDecoder().decode(KEYS, StripeFixture.address(), shards).data();
        assertArrayEquals(stripe(), data);
        assertEquals(STRIPE_SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    }

    @Test
    void theEncoderStillWritesTheseBytes() throws Exception {
        byte[][] now = encode();
        byte[][] then = frozen();
        for (int i = 0; i < now.length; i++) {
            assertArrayEquals(then[i], now[i], "shard " + i + ": format v1 changed");
        }
    }

    @Test
    void theDocumentIsEnoughToReadAShard() throws Exception {
        byte[] shard = frozen()[1];
        ByteBuffer b = ByteBuffer.wrap(shard);
        int h = b.getShort(10);
        int s = b.getInt(18);
        int n = b.getInt(22);
        int segments = (n + s - 1) / s;
        byte[] nonceBase = Arrays.copyOfRange(shard, 86, 98);

        // Segment j = 2: nonce = base[0..8) ‖ (u32 base[8..12) XOR j); AAD = header ‖ u32 j ‖ last.
        int j = 2;
        byte[] nonce = nonceBase.clone();
        ByteBuffer.wrap(nonce).putInt(8, ByteBuffer.wrap(nonceBase).getInt(8) ^ j);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, KEYS.fileKey(), new GCMParameterSpec(128, nonce));
        gcm.updateAAD(shard, 0, h);
        gcm.updateAAD(ByteBuffer.allocate(5).putInt(j).put((byte) (j == segments - 1 ? 1 : 0)).array());
        byte[] plain = gcm.doFinal(shard, h + j * (s + 16), s + 16);
        int stripeOffset = 1 * n + j * s; // data shard 1 holds stripe bytes [N, 2N)
        assertArrayEquals(Arrays.copyOfRange(stripe(), stripeOffset, stripeOffset + s), plain);

        // Recovery block: nonce[12] ‖ GCM(recoveryKey, AAD = header[0..100), fileId ‖ blob) ‖ tag.
        int r = b.getShort(98);
        gcm.init(Cipher.DECRYPT_MODE, KEYS.recoveryKey(), new GCMParameterSpec(128, shard, 100, 12));
        gcm.updateAAD(shard, 0, 100);
        byte[] recovery = gcm.doFinal(shard, 112, r - 12);
        assertArrayEquals(StripeFixture.FILE_ID, Arrays.copyOf(recovery, 16));
        assertArrayEquals(BLOB, Arrays.copyOfRange(recovery, 16, recovery.length));
    }

    static byte[][] frozen() throws IOException {
        byte[][] shards = new byte[PARAMS.totalShards()][];
        for (int i = 0; i < shards.length; i++) {
            try (InputStream in = FrozenShardsV1Test.class.getResourceAsStream("frozen/stripe-7-gen-3." + i)) {
                shards[i] = in.readAllBytes();
            }
        }
        return shards;
    }

    /** Wrote the frozen shards once; kept to show how they were made. Never rerun for v1. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of("src/test/resources/dcfs/shardcodec/v1/frozen");
        Files.createDirectories(dir);
        byte[][] shards = encode();
        for (int i = 0; i < shards.length; i++) {
            Files.write(dir.resolve("stripe-7-gen-3." + i), shards[i]);
        }
    }
}
