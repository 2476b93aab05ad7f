package dcfs.shardcodec.bench;

/**
 * One measured operation of {@code dcfs bench crypto} and of the JMH benchmarks in the test tree:
 * both call {@link #runOnce()}, so both measure the same thing. Not thread-safe; set up once,
 * run many times.
 */
public sealed interface CryptoCase permits GcmCall, StripeRound {

    /** "gcm-encrypt", "gcm-decrypt", "encode", "decode", "decode-degraded", "encode-one-call". */
    String op();

    /** Data shards, 0 for a bare cipher call. */
    int k();

    /** Parity shards, 0 for a bare cipher call. */
    int m();

    /** Plaintext bytes per shard (for a bare call: the call size). */
    int shardBytes();

    /** Plaintext bytes per AES-GCM call. */
    int segmentBytes();

    /** Plaintext bytes one {@link #runOnce()} processes: the stripe's data bytes, or the call size. */
    long bytesPerRun();

    /** One unit of work; returns something derived from the output so the JIT cannot drop it. */
    int runOnce();
}
