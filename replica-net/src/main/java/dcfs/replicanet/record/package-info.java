/**
 * Signed mutable records (superblocks): layout and verification ({@link dcfs.replicanet.record.SignedRecord}),
 * checked with the keyring's identity scheme ({@link dcfs.replicanet.record.IdentityRecordCrypto}).
 */
package dcfs.replicanet.record;
