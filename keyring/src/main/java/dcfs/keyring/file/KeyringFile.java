package dcfs.keyring.file;

import dcfs.keyring.bip39.InvalidMnemonicException;
import dcfs.keyring.bip39.Mnemonic;
import dcfs.keyring.file.KeyringFileException.Problem;
import dcfs.keyring.internal.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;

/**
 * The keyring file under a dcfs home directory ({@value #FILE_NAME}, mode 0600): the BIP39 seed and
 * mnemonic sealed with AES-256-GCM under a key from the passphrase by Argon2id, or under a
 * published key when created without a passphrase (for tests and scripts). Format in
 * {@link KeyringFormat} and docs/keyring-file.md. Nothing is overwritten unless asked.
 */
public final class KeyringFile {
    public static final String FILE_NAME = "keyring";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyringFile() {
    }

    /** Where the keyring of {@code home} lives. */
    public static Path path(Path home) {
        return home.resolve(FILE_NAME);
    }

    public static boolean exists(Path home) {
        return Files.exists(path(home));
    }

    /** Whether the keyring of {@code home} is sealed with a passphrase (so one must be asked for). */
    public static boolean needsPassphrase(Path home) throws IOException, KeyringFileException {
        return KeyringFormat.needsPassphrase(read(home), path(home).toString());
    }

    /** Creates a keyring with the strong default Argon2id parameters; see the full form. */
    public static Keyring create(Path home, Mnemonic mnemonic, String bip39Passphrase, char[] filePassphrase,
            boolean force) throws IOException, KeyringFileException {
        return create(home, mnemonic, bip39Passphrase, filePassphrase, force, KdfParams.strong());
    }

    /**
     * Creates the keyring of {@code home} (and {@code home}, mode 0700, if missing).
     *
     * @param bip39Passphrase the BIP39 passphrase the seed is made with ("" or null for none); it
     *     is not stored, only whether there was one
     * @param filePassphrase the passphrase sealing the file, or null for none
     * @param force whether an existing keyring may be replaced
     * @param params Argon2id parameters (ignored without a passphrase)
     * @return the new keyring, opened
     * @throws KeyringFileException EXISTS if there is a keyring and not {@code force}
     * @throws IllegalArgumentException for an empty file passphrase (null means none)
     */
    public static Keyring create(Path home, Mnemonic mnemonic, String bip39Passphrase, char[] filePassphrase,
            boolean force, KdfParams params) throws IOException, KeyringFileException {
        if (filePassphrase != null && filePassphrase.length == 0) {
            throw new IllegalArgumentException("an empty passphrase: give none instead");
        }
        Path file = path(home);
        if (!force && Files.exists(file)) {
            throw alreadyExists(file);
        }
        boolean withBip39 = bip39Passphrase != null && !bip39Passphrase.isEmpty();
        byte[] seed = mnemonic.toSeed(bip39Passphrase);
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        byte[] bytes = KeyringFormat.seal(new KeyringFormat.Content(now, withBip39, seed, mnemonic.sentence()),
                filePassphrase, params, RANDOM);
        OwnerOnlyFiles.createDirectory(home, OwnerOnlyFiles.OWNER_DIRECTORY);
        try {
            OwnerOnlyFiles.write(file, bytes, OwnerOnlyFiles.OWNER_READ_WRITE, force);
        } catch (FileAlreadyExistsException e) {
            Arrays.fill(seed, (byte) 0);
            throw alreadyExists(file);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        try {
            return new Keyring(file, Mnemonic.parse(mnemonic.sentence()), seed, withBip39, now, filePassphrase != null);
        } catch (InvalidMnemonicException e) {
            throw new IllegalStateException("a parsed mnemonic no longer parses", e);
        }
    }

    /**
     * Opens the keyring of {@code home}.
     *
     * @param passphrase the file passphrase, or null if none was given (fine for a file made
     *     without one; a passphrase given for such a file is ignored)
     * @throws KeyringFileException MISSING, NOT_A_KEYRING, TOO_NEW, UNKNOWN_VERSION, TRUNCATED,
     *     CORRUPT, PASSPHRASE_REQUIRED or WRONG_PASSPHRASE, each with its own message
     */
    public static Keyring open(Path home, char[] passphrase) throws IOException, KeyringFileException {
        Path file = path(home);
        byte[] bytes = read(home);
        KeyringFormat.Content content = KeyringFormat.open(bytes, passphrase, file.toString());
        boolean sealed = KeyringFormat.needsPassphrase(bytes, file.toString());
        Mnemonic mnemonic;
        try {
            mnemonic = Mnemonic.parse(content.mnemonic());
        } catch (InvalidMnemonicException e) {
            Arrays.fill(content.seed(), (byte) 0);
            throw new KeyringFileException(Problem.CORRUPT, file + " is corrupt: its mnemonic does not parse ("
                    + e.getMessage() + ")", e);
        }
        return new Keyring(file, mnemonic, content.seed(), content.bip39Passphrase(), content.createdAt(), sealed);
    }

    private static byte[] read(Path home) throws IOException, KeyringFileException {
        Path file = path(home);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyringFileException(Problem.MISSING, "no keyring at " + file, e);
        }
    }

    private static KeyringFileException alreadyExists(Path file) {
        return new KeyringFileException(Problem.EXISTS, "a keyring already exists at " + file
                + "; replacing it loses its mnemonic unless you have it written down");
    }
}
