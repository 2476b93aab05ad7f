/**
 * Shards: the GF(2^8) Reed-Solomon codec ({@code rs}) and the shard format (docs/shard-format.md).
 * Pure: bytes in, bytes out; no files, sockets or threads. Depends on keyring for key types only.
 */
package dcfs.shardcodec;
