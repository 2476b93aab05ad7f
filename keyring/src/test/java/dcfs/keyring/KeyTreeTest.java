package dcfs.keyring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.bip32.ExtendedKey;
import dcfs.keyring.bip39.Mnemonic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;
import org.junit.jupiter.api.Test;

/**
 * The tree as docs/key-tree.md writes it, recomputed here by a second route (BIP32 paths through
 * {@link ExtendedKey#derive(String)} and the JDK's own HKDF, not BouncyCastle's), so the document,
 * not just the code, is what is tested.
 */
class KeyTreeTest {
    static final String ABANDON = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    private static final HexFormat HEX = HexFormat.of();

    static byte[] seed() throws Exception {
        return Mnemonic.parse(ABANDON).toSeed("");
    }

    @Test
    void identityIsTheKeyAtItsDocumentedPath() throws Exception {
        try (KeyTree tree = KeyTree.fromSeed(seed()); ExtendedKey master = ExtendedKey.fromSeed(seed());
                ExtendedKey node = master.derive("m/7146'/0'")) {
            assertEquals(node.serializePublic(), tree.identity().xpub());
            assertArrayEquals(node.publicKey(), tree.identity().publicKey());
        }
    }

    @Test
    void symmetricKeysAreTheDocumentedHkdf() throws Exception {
        byte[] fileId = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        try (KeyTree tree = KeyTree.fromSeed(seed()); ExtendedKey master = ExtendedKey.fromSeed(seed())) {
            byte[] info = ByteBuffer.allocate(19 + 4 + 16).put("dcfs file data key".getBytes(StandardCharsets.US_ASCII))
                    .put((byte) 0).putInt(3).put(fileId).array();
            assertEquals(HEX.formatHex(jdkHkdf(master, "m/7146'/1'/3'", info)), HEX.formatHex(tree.dataKey(3, fileId).getEncoded()));
            assertEquals(HEX.formatHex(jdkHkdf(master, "m/7146'/2'", ascii("dcfs shard tag key"))),
                    HEX.formatHex(tree.shardTagKey().getEncoded()));
            assertEquals(HEX.formatHex(jdkHkdf(master, "m/7146'/3'", ascii("dcfs metadata key"))),
                    HEX.formatHex(tree.metadataKey().getEncoded()));
            assertEquals(HEX.formatHex(jdkHkdf(master, "m/7146'/5'", ascii("dcfs recovery key"))),
                    HEX.formatHex(tree.recoveryKey().getEncoded()));
            byte[] deletionKey = jdkHkdf(master, "m/7146'/4'", ascii("dcfs deletion key"));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(deletionKey, "HmacSHA256"));
            byte[] shardId = new byte[32];
            assertArrayEquals(mac.doFinal(shardId), tree.deletionToken(shardId));
        }
    }

    @Test
    void keysDifferByPurposeEpochAndFile() throws Exception {
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        b[15] = 1;
        try (KeyTree tree = KeyTree.fromSeed(seed())) {
            var keys = java.util.List.of(tree.dataKey(0, a), tree.dataKey(0, b), tree.dataKey(1, a), tree.shardTagKey(),
                    tree.metadataKey(), tree.recoveryKey());
            assertEquals(keys.size(), keys.stream().map(k -> HEX.formatHex(k.getEncoded())).distinct().count());
            assertEquals("AES", tree.dataKey(0, a).getAlgorithm());
            assertEquals("HmacSHA256", tree.shardTagKey().getAlgorithm());
            assertEquals(32, tree.metadataKey().getEncoded().length);
        }
    }

    @Test
    void sameSeedSameKeysAnywhere() throws Exception {
        try (KeyTree one = KeyTree.fromSeed(seed()); KeyTree two = KeyTree.fromSeed(seed())) {
            assertEquals(one.identity().fingerprint(), two.identity().fingerprint());
            assertArrayEquals(one.dataKey(7, new byte[20]).getEncoded(), two.dataKey(7, new byte[20]).getEncoded());
            assertArrayEquals(one.superblockLocator(), two.superblockLocator());
        }
    }

    @Test
    void deletionTokensVerifyByHash() throws Exception {
        try (KeyTree tree = KeyTree.fromSeed(seed())) {
            byte[] shard = HEX.parseHex("aa".repeat(32));
            byte[] stored = KeyTree.deletionTokenHash(tree.deletionToken(shard));
            assertArrayEquals(stored, KeyTree.deletionTokenHash(tree.deletionToken(shard)));
            assertFalse(Arrays.equals(stored, KeyTree.deletionTokenHash(tree.deletionToken(new byte[32]))));
        }
        try (KeyTree other = KeyTree.fromSeed(new byte[64]); KeyTree mine = KeyTree.fromSeed(seed())) {
            assertFalse(Arrays.equals(other.deletionToken(new byte[32]), mine.deletionToken(new byte[32])));
        }
    }

    @Test
    void argumentsAreChecked() throws Exception {
        try (KeyTree tree = KeyTree.fromSeed(seed())) {
            assertThrows(IllegalArgumentException.class, () -> tree.dataKey(-1, new byte[16]));
            assertThrows(IllegalArgumentException.class, () -> tree.dataKey(0, new byte[15]));
            assertThrows(IllegalArgumentException.class, () -> tree.dataKey(0, new byte[65]));
            assertThrows(IllegalArgumentException.class, () -> IdentityKey.superblockLocator(new byte[32]));
        }
    }

    @Test
    void closingWipesAndRefuses() throws Exception {
        KeyTree tree = KeyTree.fromSeed(seed());
        SecretKey k = tree.metadataKey();
        ((DerivedSecretKey) k).destroy();
        assertTrue(k.isDestroyed());
        assertThrows(IllegalStateException.class, k::getEncoded);
        tree.dataKey(0, new byte[16]);
        tree.close();
        tree.close();
        assertThrows(IllegalStateException.class, tree::identity);
        assertThrows(IllegalStateException.class, () -> tree.dataKey(0, new byte[16]));
        assertThrows(IllegalStateException.class, tree::metadataKey);
        assertFalse(tree.toString().contains(HEX.formatHex(seed())));
    }

    @Test
    void manyEpochsStillDerive() throws Exception {
        try (KeyTree tree = KeyTree.fromSeed(seed())) {
            byte[] first = tree.dataKey(0, new byte[16]).getEncoded();
            for (int e = 1; e < 40; e++) {
                tree.dataKey(e, new byte[16]);
            }
            assertArrayEquals(first, tree.dataKey(0, new byte[16]).getEncoded());
            assertEquals(HEX.formatHex(tree.dataKey(39, new byte[16]).getEncoded()),
                    HEX.formatHex(tree.dataKey(39, new byte[16]).getEncoded()));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] jdkHkdf(ExtendedKey master, String path, byte[] info) throws Exception {
        try (ExtendedKey node = master.derive(path)) {
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            return hkdf.deriveData(HKDFParameterSpec.ofExtract().addIKM(node.privateKey())
                    .addSalt(ascii("dcfs key tree v1")).thenExpand(info, 32));
        }
    }
}
