package dcfs.keyring.bip32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.bip39.Mnemonic;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ExtendedKeyTest {
    static final String ABANDON = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    @Test
    void bip44AccountOfTheAbandonMnemonicIsWhatWalletsPrint() throws Exception {
        // The account xpub BIP32/BIP44 wallets (and iancoleman's tool) show for "abandon ×11 about",
        // no passphrase, path m/44'/0'/0'.
        try (ExtendedKey master = ExtendedKey.fromSeed(Mnemonic.parse(ABANDON).toSeed(""));
                ExtendedKey account = master.derive("m/44'/0'/0'")) {
            assertEquals("xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj",
                    account.serializePublic());
            assertEquals(0x73c5da0a, master.fingerprint());
        }
    }

    @Test
    void hardenedMarksAreInterchangeable() {
        try (ExtendedKey master = ExtendedKey.fromSeed(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));
                ExtendedKey a = master.derive("m/0'/1/2h"); ExtendedKey b = master.derive("m/0H/1/2'");
                ExtendedKey c = master.derive("0h/1/2H")) {
            assertEquals(a.serialize(), b.serialize());
            assertEquals(a.serialize(), c.serialize());
            assertEquals(3, a.depth());
            assertTrue(a.isHardened());
            assertEquals(2 | ExtendedKey.HARDENED, a.childNumber());
        }
    }

    @Test
    void pathsAreCheckedWithClearMessages() {
        assertEquals(List.of(), DerivationPath.parse("m").steps());
        assertEquals("m/44'/0'/0'/0/1", DerivationPath.parse("m/44h/0H/0'/0/1").toString());
        assertEquals("path 'm/44'/x/0': step 2 'x' is not an index (digits, then ' or h for hardened)",
                assertThrows(IllegalArgumentException.class, () -> DerivationPath.parse("m/44'/x/0")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DerivationPath.parse("m/2147483648"))
                .getMessage().contains("is not below 2^31"));
        assertThrows(IllegalArgumentException.class, () -> DerivationPath.parse("m//1"));
    }

    @Test
    void publicKeysCannotDeriveHardenedChildren() {
        try (ExtendedKey master = ExtendedKey.fromSeed(new byte[16]); ExtendedKey pub = master.neuter()) {
            assertThrows(IllegalStateException.class, () -> pub.deriveChild(0, true));
            assertThrows(IllegalStateException.class, pub::privateKey);
            assertFalse(pub.hasPrivateKey());
        }
    }

    @Test
    void absolutePathsStartAtTheMasterOnly() {
        try (ExtendedKey master = ExtendedKey.fromSeed(new byte[16]); ExtendedKey child = master.deriveChild(1, true)) {
            assertThrows(IllegalArgumentException.class, () -> child.derive("m/0"));
        }
    }

    @Test
    void closingWipesAndRefusesUse() {
        ExtendedKey master = ExtendedKey.fromSeed(new byte[16]);
        master.close();
        master.close();
        assertThrows(IllegalStateException.class, master::serialize);
        assertThrows(IllegalStateException.class, () -> master.deriveChild(0));
    }

    @Test
    void toStringShowsNoKey() {
        try (ExtendedKey master = ExtendedKey.fromSeed(new byte[16])) {
            String s = master.toString();
            assertFalse(s.contains(master.serialize()));
            assertFalse(s.contains(HexFormat.of().formatHex(master.privateKey())));
            assertEquals("ExtendedKey[private, depth 0, child 0]", s);
        }
    }

    @Property(tries = 50)
    void publicDerivationAgreesWithPrivate(@ForAll @Size(min = 16, max = 64) byte[] seed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int index) {
        try (ExtendedKey master = ExtendedKey.fromSeed(seed); ExtendedKey viaPrivate = master.deriveChild(index, false);
                ExtendedKey pub = master.neuter(); ExtendedKey viaPublic = pub.deriveChild(index, false)) {
            assertEquals(viaPrivate.serializePublic(), viaPublic.serialize());
            assertEquals(master.fingerprint(), viaPublic.parentFingerprint());
        }
    }

    @Property(tries = 50)
    void serializationRoundTrips(@ForAll @Size(min = 16, max = 64) byte[] seed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int index) throws Exception {
        try (ExtendedKey master = ExtendedKey.fromSeed(seed); ExtendedKey child = master.deriveChild(index, true);
                ExtendedKey back = ExtendedKey.parse(child.serialize())) {
            assertEquals(child.serialize(), back.serialize());
            assertEquals(child.serializePublic(), back.serializePublic());
        }
    }
}
