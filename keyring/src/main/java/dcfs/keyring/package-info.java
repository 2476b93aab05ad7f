/**
 * Keys: BIP39 mnemonic, BIP32 derivation, the dcfs key tree (docs/key-tree.md), the keyring file,
 * network and node identities for mutual TLS. Depends on nothing else in dcfs.
 */
package dcfs.keyring;
