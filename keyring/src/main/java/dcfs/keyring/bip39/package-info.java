/**
 * BIP39 mnemonics (English list from bitcoinj-core's resource) and their seeds, checked against
 * the Trezor reference vectors.
 */
package dcfs.keyring.bip39;
