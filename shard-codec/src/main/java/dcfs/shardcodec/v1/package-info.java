/**
 * Shard format v1, byte for byte (docs/shard-format.md): {@link dcfs.shardcodec.v1.ShardHeader}
 * (the header table and its parser), {@link dcfs.shardcodec.v1.ShardLayout} (where segments and
 * stripe bytes live), {@link dcfs.shardcodec.v1.ShardCipher} (AES-256-GCM segments and the
 * recovery block). A later format gets its own package; this one stays readable.
 *
 * <p>Threads: headers and layouts are immutable; a {@code ShardCipher} holds one {@code Cipher}
 * and belongs to one thread at a time.
 */
package dcfs.shardcodec.v1;
