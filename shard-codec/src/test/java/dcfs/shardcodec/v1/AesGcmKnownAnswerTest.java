package dcfs.shardcodec.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dcfs.shardcodec.StripeKeys;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The one place segments meet the JDK ({@link ShardCipher#sealSegment}/{@code openSegment}) gives
 * the published AES-256-GCM answers: key, nonce, AAD and tag length are passed as the standard
 * means them. Vectors: McGrew & Viega test cases 13-16 (resource file names the source).
 */
class AesGcmKnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "aes-256-gcm-mcgrew-viega.csv", numLinesToSkip = 1)
    void sealsAndOpensThePublishedVector(String name, String key, String iv, String aad, String plaintext,
                                         String ciphertext, String tag) throws Exception {
        byte[] k = hex(key);
        byte[] nonce = hex(iv);
        byte[] a = hex(aad);
        byte[] p = hex(plaintext);
        byte[] expected = HEX.parseHex(nz(ciphertext) + tag);
        ShardCipher cipher = new ShardCipher();

        // Offsets on both sides, as the shard path uses them.
        byte[] in = new byte[p.length + 7];
        System.arraycopy(p, 0, in, 7, p.length);
        byte[] out = new byte[expected.length + 3];
        int written = cipher.sealSegment(StripeKeys.aes256(k), nonce, a, a.length, new byte[0], in, 7, p.length, out, 3);
        assertEquals(expected.length, written);
        assertArrayEquals(expected, Arrays.copyOfRange(out, 3, 3 + written), name);

        // The AAD split where the shard path splits it (header, then segment number and flag).
        if (a.length > 5) {
            byte[] head = Arrays.copyOf(a, a.length - 5);
            byte[] tail = Arrays.copyOfRange(a, a.length - 5, a.length);
            byte[] split = new byte[expected.length];
            // A fresh cipher: the JDK refuses to encrypt twice under one key and nonce, rightly.
            new ShardCipher().sealSegment(StripeKeys.aes256(k), nonce, head, head.length, tail, p, 0, p.length, split, 0);
            assertArrayEquals(expected, split, name + " with split AAD");
        }

        byte[] opened = new byte[p.length];
        assertEquals(p.length, cipher.openSegment(StripeKeys.aes256(k), nonce, a, a.length, new byte[0],
                expected, 0, expected.length, opened, 0));
        assertArrayEquals(p, opened);

        byte[] forged = expected.clone();
        forged[forged.length - 1] ^= 1;
        assertThrows(AEADBadTagException.class, () -> cipher.openSegment(StripeKeys.aes256(k), nonce, a, a.length,
                new byte[0], forged, 0, forged.length, new byte[p.length], 0));
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(nz(s));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
