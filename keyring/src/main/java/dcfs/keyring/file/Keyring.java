package dcfs.keyring.file;

import dcfs.keyring.KeyTree;
import dcfs.keyring.bip32.ExtendedKey;
import dcfs.keyring.bip39.Mnemonic;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * An opened keyring: the seed (and the mnemonic it came from) of one filesystem. Gives the
 * {@link KeyTree} and, for checking against other BIP32 tools, the master key. Closing wipes the
 * seed, the tree and the mnemonic's entropy.
 */
public final class Keyring implements AutoCloseable {
    private final Path file;
    private final Mnemonic mnemonic;
    private final byte[] seed;
    private final boolean bip39Passphrase;
    private final Instant createdAt;
    private final boolean sealedWithPassphrase;
    private KeyTree tree;
    private boolean closed;

    Keyring(Path file, Mnemonic mnemonic, byte[] seed, boolean bip39Passphrase, Instant createdAt,
            boolean sealedWithPassphrase) {
        this.file = file;
        this.mnemonic = mnemonic;
        this.seed = seed;
        this.bip39Passphrase = bip39Passphrase;
        this.createdAt = createdAt;
        this.sealedWithPassphrase = sealedWithPassphrase;
    }

    /** The key tree of this keyring; owned by it (closed with it). */
    public synchronized KeyTree keyTree() {
        ensureOpen();
        if (tree == null) {
            tree = KeyTree.fromSeed(seed);
        }
        return tree;
    }

    /** The BIP32 master key of the seed, for {@code keys show --path}; the caller closes it. */
    public synchronized ExtendedKey masterKey() {
        ensureOpen();
        return ExtendedKey.fromSeed(seed);
    }

    /** The mnemonic; never print it except where the user asked to see it. */
    public Mnemonic mnemonic() {
        ensureOpen();
        return mnemonic;
    }

    /** Whether the seed was made with a BIP39 passphrase (restoring then needs it too). */
    public boolean hasBip39Passphrase() {
        return bip39Passphrase;
    }

    /** Whether the file is sealed under a passphrase (false: created with no passphrase). */
    public boolean sealedWithPassphrase() {
        return sealedWithPassphrase;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Arrays.fill(seed, (byte) 0);
        mnemonic.close();
        if (tree != null) {
            tree.close();
        }
    }

    @Override
    public String toString() {
        return "Keyring[" + file + (closed ? ", closed" : "") + "]";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this keyring is closed");
        }
    }
}
