package dcfs.keyring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.bip32.Secp256k1;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class IdentityKeyTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{1}")
    @CsvFileSource(resources = "/dcfs/keyring/rfc6979-secp256k1.csv")
    void deterministicLowSSignaturesMatchThePublishedVectors(String key, String message, String r, String s)
            throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8));
        byte[] sig = IdentityKey.signDigest(new BigInteger(key, 16), digest);
        assertEquals(r + s, HEX.formatHex(sig));
        byte[] pub = Secp256k1.publicKeyOf(new BigInteger(key, 16));
        assertTrue(IdentityKey.verifyDigest(pub, digest, sig));
    }

    @Test
    void signsAndVerifiesWithTheDomainLabel() {
        try (KeyTree tree = KeyTree.fromSeed(new byte[64])) {
            IdentityKey id = tree.identity();
            byte[] msg = "superblock 1".getBytes(StandardCharsets.UTF_8);
            byte[] sig = id.sign(msg);
            assertEquals(64, sig.length);
            assertArrayEquals(sig, id.sign(msg), "RFC 6979: the same message gives the same signature");
            assertTrue(IdentityKey.verify(id.publicKey(), msg, sig));
            assertFalse(IdentityKey.verify(id.publicKey(), "superblock 2".getBytes(StandardCharsets.UTF_8), sig));
            // A signature of the bare SHA-256 (no domain) is not one of ours.
            assertFalse(Arrays.equals(sig, IdentityKey.signDigest(BigInteger.ONE, msg)));
        }
    }

    @Test
    void refusesTheHighSTwinOfAValidSignature() {
        try (KeyTree tree = KeyTree.fromSeed(new byte[64])) {
            byte[] msg = {1, 2, 3};
            byte[] sig = tree.identity().sign(msg);
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
            byte[] high = sig.clone();
            byte[] hs = Secp256k1.N.subtract(s).toByteArray();
            Arrays.fill(high, 32, 64, (byte) 0);
            System.arraycopy(hs, Math.max(0, hs.length - 32), high, 64 - Math.min(32, hs.length), Math.min(32, hs.length));
            assertFalse(IdentityKey.verify(tree.identity().publicKey(), msg, high));
        }
    }

    @Test
    void verifyNeverThrowsOnJunk() {
        assertFalse(IdentityKey.verify(new byte[33], new byte[0], new byte[64]));
        assertFalse(IdentityKey.verify(new byte[5], new byte[0], new byte[64]));
        assertFalse(IdentityKey.verify(null, null, null));
        byte[] notOnCurve = new byte[33];
        notOnCurve[0] = 2;
        notOnCurve[32] = 7;
        byte[] sig = new byte[64];
        sig[31] = 1;
        sig[63] = 1;
        assertFalse(IdentityKey.verify(notOnCurve, new byte[0], sig));
    }

    @Property(tries = 30)
    void anyFlippedBitBreaksTheSignature(@ForAll @IntRange(min = 0, max = 511) int bit) {
        try (KeyTree tree = KeyTree.fromSeed(new byte[32])) {
            byte[] msg = "flip".getBytes(StandardCharsets.UTF_8);
            byte[] sig = tree.identity().sign(msg);
            sig[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(IdentityKey.verify(tree.identity().publicKey(), msg, sig));
        }
    }
}
