package dcfs.tools.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcfs.tools.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dcfs init} and {@code dcfs keys}, run as a user would, through dcfs.tools.Main. */
class KeysCommandsTest {
    static final String ABANDON = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    /** What BIP32 wallets print for "abandon ×11 about", no passphrase, at m/44'/0'/0'. */
    static final String BIP44_ACCOUNT_XPUB =
            "xpub6BosfCnifzxcFwrSzQiqu2DBVTshkCXacvNsWGYJVVhhawA7d4R5WSWGFNbi8Aw6ZRc1brxMyWMzG3DSSSSoekkudhUd9yLb6qx39T9nMdj";
    /** docs/key-tree.md, "Known answers". */
    static final String ABANDON_FINGERPRINT = "0837d48b8a5e790a962962612b2b3b65";

    @TempDir
    Path tmp;

    String home() {
        return tmp.resolve("home").toString();
    }

    Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void restoredMnemonicShowsTheXpubWalletsPrint() throws Exception {
        Path m = write("mnemonic", ABANDON + "\n");
        CommandRun init = CommandRun.of("init", "--home", home(), "--mnemonic-file", m.toString(), "--no-passphrase");
        assertEquals(ExitCodes.OK, init.exitCode(), init.err());
        assertFalse(init.out().contains("abandon"), "a restored mnemonic is not printed back");
        assertTrue(init.out().contains(ABANDON_FINGERPRINT), init.out());

        CommandRun show = CommandRun.of("keys", "show", "--home", home(), "--path", "m/44'/0'/0'");
        assertEquals(ExitCodes.OK, show.exitCode(), show.err());
        assertTrue(show.out().contains(BIP44_ACCOUNT_XPUB), show.out());
        assertTrue(show.out().contains("73c5da0a"), "the master fingerprint wallets show");

        CommandRun hardenedH = CommandRun.of("keys", "show", "--home", home(), "--path", "m/44h/0h/0h", "--json");
        JsonNode json = new ObjectMapper().readTree(hardenedH.out());
        assertEquals(BIP44_ACCOUNT_XPUB, json.get("xpub").asText());
        assertEquals(ABANDON_FINGERPRINT, json.get("fingerprint").asText());
        assertEquals("m/44'/0'/0'", json.get("path").asText());
    }

    @Test
    void showWithoutPathGivesTheIdentity() throws Exception {
        Path m = write("mnemonic", ABANDON);
        CommandRun.of("init", "--home", home(), "--mnemonic-file", m.toString(), "--no-passphrase");
        JsonNode json = new ObjectMapper().readTree(CommandRun.of("keys", "show", "--home", home(), "--json").out());
        assertEquals(ABANDON_FINGERPRINT, json.get("fingerprint").asText());
        assertEquals("m/7146'/0'", json.get("path").asText());
        assertTrue(json.get("xpub").asText().startsWith("xpub6B6AY9jk"));
    }

    @Test
    void aBadChecksumIsRefusedInOneLine() throws Exception {
        Path m = write("mnemonic", ABANDON.replace("about", "abandon"));
        CommandRun r = CommandRun.of("init", "--home", home(), "--mnemonic-file", m.toString(), "--no-passphrase");
        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().startsWith("dcfs init: mnemonic in " + m + ": bad checksum: the mnemonic's last word does not match"),
                r.err());
        assertFalse(Files.exists(tmp.resolve("home/keyring")));
    }

    @Test
    void anUnknownWordIsNamed() throws Exception {
        Path m = write("mnemonic", ABANDON.replaceFirst("abandon", "abandn"));
        CommandRun r = CommandRun.of("init", "--home", home(), "--mnemonic-file", m.toString(), "--no-passphrase");
        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertTrue(r.err().contains("word 1 'abandn' is not in the BIP39 English list (did you mean 'abandon'?)"), r.err());
    }

    @Test
    void aNewMnemonicIsShownOnceAndRestoresTheSameKeys() throws Exception {
        CommandRun init = CommandRun.of("init", "--home", home(), "--no-passphrase");
        assertEquals(ExitCodes.OK, init.exitCode(), init.err());
        assertTrue(init.out().contains("Write these 24 words down"), init.out());
        String[] words = new String[24];
        Matcher w = Pattern.compile("(\\d+)\\. ([a-z]+)").matcher(init.out());
        int found = 0;
        while (w.find()) {
            words[Integer.parseInt(w.group(1)) - 1] = w.group(2);
            found++;
        }
        assertEquals(24, found);
        String fingerprint = fingerprintIn(init.out());

        CommandRun show = CommandRun.of("keys", "show", "--home", home());
        assertFalse(show.out().contains(words[0] + " "), "keys show prints nothing secret");

        Path m = write("mnemonic", String.join(" ", words));
        CommandRun restore = CommandRun.of("init", "--home", tmp.resolve("other").toString(), "--mnemonic-file",
                m.toString(), "--no-passphrase");
        assertEquals(fingerprint, fingerprintIn(restore.out()));
    }

    @Test
    void nothingIsOverwrittenWithoutForce() throws Exception {
        Path m = write("mnemonic", ABANDON);
        CommandRun.of("init", "--home", home(), "--mnemonic-file", m.toString(), "--no-passphrase");
        byte[] before = Files.readAllBytes(tmp.resolve("home/keyring"));
        CommandRun again = CommandRun.of("init", "--home", home(), "--no-passphrase");
        assertEquals(ExitCodes.FAILURE, again.exitCode());
        assertTrue(again.err().contains("a keyring already exists at"), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(tmp.resolve("home/keyring"))));
        CommandRun forced = CommandRun.of("init", "--home", home(), "--no-passphrase", "--force");
        assertEquals(ExitCodes.OK, forced.exitCode(), forced.err());
        assertFalse(forced.out().contains(ABANDON_FINGERPRINT));
    }

    @Test
    void aPassphraseFromAFileSealsAndOpens() throws Exception {
        Path m = write("mnemonic", ABANDON);
        Path pass = write("pass", "correct horse battery staple\n");
        Path wrong = write("wrong", "incorrect horse\n");
        CommandRun init = CommandRun.of("init", "--home", home(), "--mnemonic-file", m.toString(), "--passphrase-file",
                pass.toString());
        assertEquals(ExitCodes.OK, init.exitCode(), init.err());
        assertTrue(init.out().contains("sealed with your passphrase"));

        CommandRun ok = CommandRun.of("keys", "show", "--home", home(), "--passphrase-file", pass.toString());
        assertEquals(ExitCodes.OK, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains(ABANDON_FINGERPRINT));

        CommandRun bad = CommandRun.of("keys", "show", "--home", home(), "--passphrase-file", wrong.toString());
        assertEquals(ExitCodes.FAILURE, bad.exitCode());
        assertEquals("dcfs keys show: wrong passphrase for " + tmp.resolve("home/keyring"), bad.err().strip());

        CommandRun none = CommandRun.of("keys", "show", "--home", home(), "--no-passphrase");
        assertEquals(ExitCodes.FAILURE, none.exitCode());
        assertTrue(none.oneErrorLine());

        // No option and no terminal (as under a test runner): say how to give one.
        CommandRun noTerminal = CommandRun.of("keys", "show", "--home", home());
        assertEquals(ExitCodes.FAILURE, noTerminal.exitCode());
        assertTrue(noTerminal.err().contains("give --passphrase-file F"), noTerminal.err());
    }

    @Test
    void secretsNeverComeFromTheCommandLineAndBadOnesAreNamed() throws Exception {
        Path empty = write("empty", "\n");
        CommandRun r = CommandRun.of("init", "--home", home(), "--passphrase-file", empty.toString());
        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertTrue(r.err().contains("is empty; for no passphrase give --no-passphrase"), r.err());

        CommandRun both = CommandRun.of("init", "--home", home(), "--passphrase-file", empty.toString(), "--no-passphrase");
        assertTrue(both.err().contains("not both"), both.err());

        CommandRun missing = CommandRun.of("init", "--home", home(), "--mnemonic-file", tmp.resolve("nope").toString(),
                "--no-passphrase");
        assertEquals(ExitCodes.FAILURE, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());

        CommandRun noKeyring = CommandRun.of("keys", "show", "--home", home());
        assertTrue(noKeyring.err().contains("create one with dcfs init"), noKeyring.err());

        CommandRun badPath = CommandRun.of("keys", "show", "--home", home(), "--path", "m/44'/x");
        assertEquals(ExitCodes.FAILURE, badPath.exitCode());
        assertTrue(badPath.err().contains("step 2 'x' is not an index"), badPath.err());
    }

    @Test
    void rotateIsNotBuiltYet() {
        assertEquals(ExitCodes.NOT_BUILT, CommandRun.of("keys", "rotate").exitCode());
    }

    private static String fingerprintIn(String out) {
        Matcher f = Pattern.compile("identity fingerprint\\s+([0-9a-f]{32})").matcher(out);
        assertTrue(f.find(), out);
        return f.group(1);
    }
}
