package dcfs.keyring.bip39;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dcfs.keyring.bip32.ExtendedKey;
import dcfs.keyring.testing.Vectors;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every English vector of the Trezor reference (bip39-trezor-english.json), passphrase "TREZOR". */
class Bip39VectorsTest {
    private static final JsonNode VECTORS = Vectors.load("bip39-trezor-english.json");
    private static final String PASSPHRASE = VECTORS.get("passphrase").asText();

    static Stream<Arguments> english() {
        return StreamSupport.stream(VECTORS.get("english").spliterator(), false)
                .map(v -> Arguments.of(v.get(0).asText(), v.get(1).asText(), v.get(2).asText(), v.get(3).asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("english")
    void entropyGivesTheMnemonic(String entropy, String mnemonic, String seed, String xprv) {
        assertEquals(mnemonic, Mnemonic.fromEntropy(HexFormat.of().parseHex(entropy)).sentence());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("english")
    void mnemonicParsesBackToTheEntropy(String entropy, String mnemonic, String seed, String xprv) throws Exception {
        assertArrayEquals(HexFormat.of().parseHex(entropy), Mnemonic.parse(mnemonic).entropy());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("english")
    void mnemonicAndPassphraseGiveTheSeed(String entropy, String mnemonic, String seed, String xprv) throws Exception {
        assertEquals(seed, HexFormat.of().formatHex(Mnemonic.parse(mnemonic).toSeed(PASSPHRASE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("english")
    void seedGivesTheBip32Master(String entropy, String mnemonic, String seed, String xprv) {
        try (ExtendedKey master = ExtendedKey.fromSeed(HexFormat.of().parseHex(seed))) {
            assertEquals(xprv, master.serialize());
        }
    }
}
