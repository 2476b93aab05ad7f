package dcfs.tools.keys;

import dcfs.keyring.file.Keyring;
import dcfs.keyring.file.KeyringFile;
import dcfs.keyring.file.KeyringFileException;
import dcfs.tools.UserError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * The options that say where the keyring file's passphrase comes from (CLI.md: never the command
 * line itself): {@code --passphrase-file F}, {@code --no-passphrase}, or else a prompt on the
 * terminal. A picocli {@code @Mixin} for every command that creates or opens the keyring
 * ({@code init}, {@code keys}, {@code mount}).
 */
public final class PassphraseOptions {
    /** How many times a terminal user may retype a wrong passphrase. */
    static final int TERMINAL_TRIES = 3;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Read the keyring passphrase from the first line of FILE.")
    Path passphraseFile;

    @Option(names = "--no-passphrase",
            description = "The keyring has no passphrase (tests and scripts: anyone who can read the file has the keys).")
    boolean noPassphrase;

    /**
     * The passphrase for a new keyring: from the file, none, or asked twice on the terminal.
     *
     * @return the passphrase, or null for none; the caller wipes it
     */
    public char[] forNewKeyring() {
        checkExclusive();
        if (noPassphrase) {
            return null;
        }
        if (passphraseFile != null) {
            return Secrets.readPassphraseFile(passphraseFile);
        }
        return Secrets.promptNewPassphrase();
    }

    /**
     * The passphrase that opens the keyring of {@code home} — checked by opening it — for a caller
     * that hands it on to another process (a background {@code dcfs mount}); null when the keyring
     * has none. The caller wipes it.
     */
    public char[] checkedPassphrase(Path home) {
        char[][] used = new char[1][];
        try (Keyring k = open(home, used)) {
            return used[0];
        }
    }

    /**
     * Opens the keyring of {@code home} with the passphrase these options give, asking on the
     * terminal (up to three times) when the file needs one and no file was named.
     */
    public Keyring open(Path home) {
        return open(home, null);
    }

    /** Opens with a passphrase read from {@code in}'s first line (a parent process's pipe). */
    public static Keyring openWithPassphraseFrom(Path home, java.io.InputStream in) {
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new UserError("no passphrase arrived on standard input");
            }
            char[] p = line.toCharArray();
            try {
                return KeyringFile.open(home, p);
            } finally {
                Arrays.fill(p, '\0');
            }
        } catch (KeyringFileException e) {
            throw KeyringErrors.of(e);
        } catch (IOException e) {
            throw KeyringErrors.of(e);
        }
    }

    /** @param keep if not null, receives a copy of the passphrase that worked (null when none was needed) */
    private Keyring open(Path home, char[][] keep) {
        checkExclusive();
        try {
            // Throws MISSING (and every damage) before any passphrase is asked for.
            if (!KeyringFile.needsPassphrase(home)) {
                return KeyringFile.open(home, null);
            }
            if (noPassphrase) {
                throw new UserError(KeyringFile.path(home) + " is sealed with a passphrase; --no-passphrase does not open it");
            }
            if (passphraseFile != null) {
                char[] p = Secrets.readPassphraseFile(passphraseFile);
                try {
                    Keyring k = KeyringFile.open(home, p);
                    if (keep != null) {
                        keep[0] = p.clone();
                    }
                    return k;
                } finally {
                    Arrays.fill(p, '\0');
                }
            }
            for (int attempt = 1; ; attempt++) {
                char[] p = Secrets.promptPassphrase("Passphrase for " + KeyringFile.path(home) + ": ",
                        KeyringFile.path(home) + " is sealed with a passphrase and there is no terminal to ask on:"
                                + " give --passphrase-file F");
                try {
                    Keyring k = KeyringFile.open(home, p);
                    if (keep != null) {
                        keep[0] = p.clone();
                    }
                    return k;
                } catch (KeyringFileException e) {
                    if (e.problem() != KeyringFileException.Problem.WRONG_PASSPHRASE || attempt == TERMINAL_TRIES) {
                        throw e;
                    }
                    Secrets.tell("wrong passphrase, try again");
                } finally {
                    Arrays.fill(p, '\0');
                }
            }
        } catch (KeyringFileException e) {
            throw KeyringErrors.of(e);
        } catch (IOException e) {
            throw KeyringErrors.of(e);
        }
    }

    private void checkExclusive() {
        if (noPassphrase && passphraseFile != null) {
            throw new UserError("give --passphrase-file or --no-passphrase, not both");
        }
    }
}
