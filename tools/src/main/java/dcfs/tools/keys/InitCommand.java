package dcfs.tools.keys;

import dcfs.keyring.bip39.InvalidMnemonicException;
import dcfs.keyring.bip39.Mnemonic;
import dcfs.keyring.file.Keyring;
import dcfs.keyring.file.KeyringFile;
import dcfs.keyring.file.KeyringFileException;
import dcfs.tools.ExitCodes;
import dcfs.tools.HomeOption;
import dcfs.tools.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dcfs init}: creates the keyring, from a new mnemonic (shown once) or a restored one. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a keyring: a new 24-word mnemonic (shown once: write it down), or --mnemonic-file to restore one.",
            "The keyring file is sealed under a passphrase (asked on the terminal, or --passphrase-file F), or none with --no-passphrase."})
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HomeOption home;

    @Mixin
    PassphraseOptions passphrase;

    @Option(names = "--mnemonic-file", paramLabel = "FILE",
            description = "Restore the BIP39 mnemonic (12 to 24 English words) in FILE instead of making a new one.")
    Path mnemonicFile;

    @Option(names = "--bip39-passphrase-file", paramLabel = "FILE",
            description = "The optional BIP39 passphrase (\"25th word\") the mnemonic is used with, first line of FILE.")
    Path bip39PassphraseFile;

    @Option(names = "--force", description = "Replace an existing keyring (its mnemonic is lost unless written down).")
    boolean force;

    @Override
    public Integer call() {
        Path dir = home.resolve();
        if (!force && KeyringFile.exists(dir)) {
            throw new UserError("a keyring already exists at " + KeyringFile.path(dir)
                    + "; --force replaces it (its mnemonic is lost unless written down)");
        }
        Mnemonic mnemonic = mnemonicFile == null ? Mnemonic.generate() : restore(mnemonicFile);
        String bip39 = "";
        if (bip39PassphraseFile != null) {
            char[] p = Secrets.readPassphraseFile(bip39PassphraseFile);
            bip39 = new String(p);
            Arrays.fill(p, '\0');
        }
        char[] filePassphrase = passphrase.forNewKeyring();
        PrintWriter out = spec.commandLine().getOut();
        try (Keyring keyring = KeyringFile.create(dir, mnemonic, bip39, filePassphrase, force)) {
            if (mnemonicFile == null) {
                showOnce(out, mnemonic.words());
            }
            out.printf("%s %s (%s)%n", mnemonicFile == null ? "created" : "restored", keyring.file(),
                    filePassphrase == null ? "no passphrase: anyone who can read this file has your keys"
                            : "sealed with your passphrase");
            out.printf("identity fingerprint  %s%n", keyring.keyTree().identity().fingerprint());
            out.flush();
            return ExitCodes.OK;
        } catch (KeyringFileException e) {
            throw KeyringErrors.of(e);
        } catch (IOException e) {
            throw KeyringErrors.of(e);
        } finally {
            mnemonic.close();
            if (filePassphrase != null) {
                Arrays.fill(filePassphrase, '\0');
            }
        }
    }

    private static Mnemonic restore(Path file) {
        try {
            return Mnemonic.parse(Secrets.readSecretText(file, "mnemonic"));
        } catch (InvalidMnemonicException e) {
            throw new UserError("mnemonic in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The new mnemonic, numbered in four columns, with the warning that goes with it. */
    private static void showOnce(PrintWriter out, List<String> words) {
        out.println("Your recovery phrase. Write these " + words.size() + " words down, in order, and keep them offline.");
        out.println("They are the only way back to your files on another machine; dcfs will not show them again.");
        out.println();
        int rows = (words.size() + 3) / 4;
        for (int r = 0; r < rows; r++) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < 4; c++) {
                int i = c * rows + r;
                if (i < words.size()) {
                    line.append(String.format("%3d. %-10s", i + 1, words.get(i)));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.println();
    }
}
