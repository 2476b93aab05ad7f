/**
 * The keyring file: the BIP39 seed and mnemonic of one filesystem, sealed under a passphrase
 * (Argon2id + AES-256-GCM) in the dcfs home directory. Format in docs/keyring-file.md.
 */
package dcfs.keyring.file;
