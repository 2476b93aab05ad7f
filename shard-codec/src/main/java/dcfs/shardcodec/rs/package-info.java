/**
 * Reed-Solomon over GF(2^8) (polynomial 0x11D, generator 2), systematic, with the coding matrix of
 * Backblaze's JavaReedSolomon and klauspost/reedsolomon, so raw shards are interchangeable with theirs.
 *
 * <p>{@link dcfs.shardcodec.rs.ReedSolomon} is the API: encode, verify, decode missing shards. Its
 * inner loop is a {@link dcfs.shardcodec.rs.CodingLoop}, scalar or vector, chosen once per JVM by
 * {@link dcfs.shardcodec.rs.CodingLoops}; both give identical bytes.
 *
 * <p>Threads: everything here is immutable or internally synchronized ({@code ReedSolomon}'s cache of
 * decode plans), so one codec per (k, m) may be shared by any number of threads. Callers own the shard
 * arrays; a call reads and writes them only for its duration, and two calls must not write the same
 * shard at once.
 */
package dcfs.shardcodec.rs;
