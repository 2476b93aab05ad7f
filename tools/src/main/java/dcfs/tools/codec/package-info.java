/**
 * {@code dcfs shards encode|decode}: offline Reed-Solomon on plain files, no network and no keys. The
 * codec is shard-codec's; this package owns the file layout ({@link dcfs.tools.codec.BackblazeShardSet})
 * and streams it in column blocks, so memory stays bounded whatever the file size. Outputs are written
 * under temporary names and renamed into place only when the whole command succeeded.
 */
package dcfs.tools.codec;
