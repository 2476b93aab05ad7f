/**
 * Keys: one BIP39 mnemonic gives every key of a filesystem.
 *
 * <ul>
 *   <li>{@link dcfs.keyring.bip39.Mnemonic}: BIP39 words and seed;</li>
 *   <li>{@link dcfs.keyring.bip32.ExtendedKey}: BIP32 derivation, xprv/xpub;</li>
 *   <li>{@link dcfs.keyring.KeyTree} and {@link dcfs.keyring.IdentityKey}: the dcfs key tree v1
 *       (docs/key-tree.md): identity, data keys per epoch and file, shard tag, metadata, deletion
 *       and recovery keys;</li>
 *   <li>{@link dcfs.keyring.file.KeyringFile}: the passphrase-sealed keyring file (docs/keyring-file.md);</li>
 *   <li>{@link dcfs.keyring.identity}: network and node identities for mutual TLS
 *       (docs/network-identity.md), unrelated to the mnemonic.</li>
 * </ul>
 *
 * Depends on nothing else in dcfs. Key material is wiped on close where the JVM lets us, and no
 * {@code toString()} shows any.
 */
package dcfs.keyring;
