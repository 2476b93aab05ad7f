/**
 * BIP32 hierarchical deterministic keys on secp256k1, our own code on BouncyCastle's curve
 * arithmetic, checked against the BIP's test vectors 1 to 5.
 */
package dcfs.keyring.bip32;
