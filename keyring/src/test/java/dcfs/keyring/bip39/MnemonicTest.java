package dcfs.keyring.bip39;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.bip39.InvalidMnemonicException.Problem;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MnemonicTest {
    static final String ABANDON = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    @Test
    void generatesTwentyFourValidWords() throws Exception {
        Mnemonic m = Mnemonic.generate();
        assertEquals(24, m.words().size());
        assertEquals(32, m.entropy().length);
        assertEquals(m.sentence(), Mnemonic.parse(m.sentence()).sentence());
        assertNotEquals(m.sentence(), Mnemonic.generate().sentence());
    }

    @Test
    void toleratesCaseSpacingAndNewlines() throws Exception {
        Mnemonic m = Mnemonic.parse("  Abandon abandon\tabandon abandon abandon abandon\nabandon abandon abandon abandon   abandon ABOUT \n");
        assertEquals(ABANDON, m.sentence());
    }

    @Test
    void seedWithoutPassphraseIsTheWellKnownOne() throws Exception {
        // The seed every BIP39 tool prints for "abandon ×11 about" with an empty passphrase.
        assertEquals("5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4",
                HexFormat.of().formatHex(Mnemonic.parse(ABANDON).toSeed("")));
        assertEquals(HexFormat.of().formatHex(Mnemonic.parse(ABANDON).toSeed(null)),
                HexFormat.of().formatHex(Mnemonic.parse(ABANDON).toSeed("")));
    }

    @Test
    void passphraseIsNfkdNormalized() throws Exception {
        Mnemonic m = Mnemonic.parse(ABANDON);
        // "é" precomposed (U+00E9) and decomposed (e + U+0301) are the same passphrase.
        assertEquals(HexFormat.of().formatHex(m.toSeed("caf\u00e9")), HexFormat.of().formatHex(m.toSeed("cafe\u0301")));
    }

    @Test
    void refusesABadChecksum() {
        InvalidMnemonicException e = assertThrows(InvalidMnemonicException.class,
                () -> Mnemonic.parse(ABANDON.replace("about", "abandon")));
        assertEquals(Problem.BAD_CHECKSUM, e.problem());
        assertTrue(e.getMessage().startsWith("bad checksum: the mnemonic's last word does not match"), e.getMessage());
    }

    @Test
    void refusesAnUnknownWordNamingItAndSuggesting() {
        InvalidMnemonicException e = assertThrows(InvalidMnemonicException.class,
                () -> Mnemonic.parse("abandon abandon abandon abandon abandon abandon abandn abandon abandon abandon"
                        + " abandon about"));
        assertEquals(Problem.UNKNOWN_WORD, e.problem());
        assertEquals(7, e.wordNumber());
        assertEquals("word 7 'abandn' is not in the BIP39 English list (did you mean 'abandon'?)", e.getMessage());

        InvalidMnemonicException far = assertThrows(InvalidMnemonicException.class,
                () -> Mnemonic.parse(ABANDON.replace("about", "xyzzyq")));
        assertEquals("word 12 'xyzzyq' is not in the BIP39 English list", far.getMessage());
    }

    @Test
    void refusesAWrongLength() {
        InvalidMnemonicException e = assertThrows(InvalidMnemonicException.class,
                () -> Mnemonic.parse(ABANDON + " abandon"));
        assertEquals(Problem.WRONG_LENGTH, e.problem());
        assertEquals("a mnemonic has 12, 15, 18, 21 or 24 words; this one has 13", e.getMessage());
        assertEquals(Problem.WRONG_LENGTH, assertThrows(InvalidMnemonicException.class, () -> Mnemonic.parse("  ")).problem());
    }

    @Test
    void neverShowsItsWords() {
        Mnemonic m = Mnemonic.generate();
        assertFalse(m.toString().contains(m.words().getFirst()));
    }

    @Test
    void wordListIsTheBip39One() {
        assertEquals(2048, EnglishWordList.all().size());
        assertEquals("abandon", EnglishWordList.word(0));
        assertEquals("zoo", EnglishWordList.word(2047));
        // BIP39 words are unique in their first four letters: what makes the suggestion unambiguous.
        assertEquals(2048, EnglishWordList.all().stream().map(w -> w.substring(0, Math.min(4, w.length()))).distinct().count());
    }

    @Property(tries = 200)
    void everyEntropyRoundTrips(@ForAll @Size(min = 32, max = 32) byte[] random,
            @ForAll @IntRange(min = 0, max = 4) int size) throws Exception {
        byte[] entropy = Arrays.copyOf(random, 16 + 4 * size);
        Mnemonic m = Mnemonic.fromEntropy(entropy);
        assertEquals(12 + 3 * size, m.words().size());
        assertEquals(HexFormat.of().formatHex(entropy), HexFormat.of().formatHex(Mnemonic.parse(m.sentence()).entropy()));
    }

    @Property(tries = 200)
    void aChangedWordFailsTheChecksumOrGivesOtherEntropy(@ForAll @Size(min = 32, max = 32) byte[] entropy,
            @ForAll @IntRange(min = 0, max = 23) int position, @ForAll @IntRange(min = 1, max = 2047) int shift) {
        // A 24-word mnemonic carries an 8-bit checksum, so about 1 change in 256 still parses: never to the same entropy.
        Mnemonic m = Mnemonic.fromEntropy(entropy);
        String[] words = m.words().toArray(String[]::new);
        words[position] = EnglishWordList.word((EnglishWordList.indexOf(words[position]) + shift) % 2048);
        try {
            Mnemonic changed = Mnemonic.parse(String.join(" ", words));
            assertFalse(Arrays.equals(entropy, changed.entropy()));
        } catch (InvalidMnemonicException e) {
            assertEquals(Problem.BAD_CHECKSUM, e.problem());
        }
    }
}
