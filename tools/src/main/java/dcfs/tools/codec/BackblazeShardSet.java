package dcfs.tools.codec;

import java.nio.file.Path;

/**
 * The shard files of one file in Backblaze's layout (JavaReedSolomon SampleEncoder/SampleDecoder),
 * for RS(k, m):
 *
 * <pre>
 *   stream   = length (4 bytes, big-endian) ‖ the file's bytes ‖ zero padding to k × shardBytes
 *   shardBytes = ceil((length + 4) / k)
 *   NAME.i   = stream[i × shardBytes, (i + 1) × shardBytes)      for data shards, i &lt; k
 *   NAME.k+j = parity shard j of the systematic Vandermonde code   for j &lt; m
 * </pre>
 *
 * Shard files sit beside the file, named by appending {@code .i}; decoding writes {@code NAME.decoded}.
 * Backblaze reads the length as a signed int, so its own tools stop at 2 GiB - 1; here it is read
 * unsigned, up to 4 GiB - 1, which gives the same bytes for every file Backblaze's tools can handle.
 */
record BackblazeShardSet(Path file, int dataShards, int parityShards) {
    /** Size of the length prefix. */
    static final int LENGTH_BYTES = 4;
    /** Largest file the 4-byte length can describe. */
    static final long MAX_FILE_BYTES = 0xFFFF_FFFFL;

    int totalShards() {
        return dataShards + parityShards;
    }

    Path shard(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    Path decoded() {
        return file.resolveSibling(file.getFileName() + ".decoded");
    }

    /** The size of every shard of a file of {@code fileBytes}. */
    long shardBytes(long fileBytes) {
        return (fileBytes + LENGTH_BYTES + dataShards - 1) / dataShards;
    }

    /** True if a file of {@code fileBytes} is stored in shards of exactly {@code shardBytes}. */
    boolean fits(long fileBytes, long shardBytes) {
        return fileBytes >= 0 && fileBytes <= MAX_FILE_BYTES && shardBytes(fileBytes) == shardBytes;
    }

    /** Smallest and largest file lengths that shards of {@code shardBytes} hold, for error messages. */
    long[] lengthRange(long shardBytes) {
        long max = Math.min(MAX_FILE_BYTES, dataShards * shardBytes - LENGTH_BYTES);
        long min = Math.max(0, dataShards * (shardBytes - 1) + 1 - LENGTH_BYTES);
        return new long[] {min, max};
    }

    /** Shard file names for messages: "NAME.0 … NAME.5". */
    String shardNames() {
        return shard(0).getFileName() + " … " + shard(totalShards() - 1).getFileName();
    }
}
