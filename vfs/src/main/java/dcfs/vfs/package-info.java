/**
 * The POSIX filesystem model, testable without FUSE: inodes, directories, handles, stripe cache,
 * metadata journal, superblock. Talks to storage through one interface. Depends on shard-codec, keyring,
 * replica-net (client side only).
 */
package dcfs.vfs;
