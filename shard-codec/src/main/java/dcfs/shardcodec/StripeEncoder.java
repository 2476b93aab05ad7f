package dcfs.shardcodec;

import dcfs.shardcodec.rs.ReedSolomon;
import dcfs.shardcodec.v1.ShardCipher;
import dcfs.shardcodec.v1.ShardHeader;
import dcfs.shardcodec.v1.ShardLayout;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Stripe plaintext → k + m self-describing encrypted shards in format v1 (docs/shard-format.md):
 * Reed-Solomon over the plaintext first, then each shard sealed on its own — header, recovery
 * block, AES-256-GCM segments — so each authenticates alone and nodes hold only ciphertext.
 *
 * <p>Not thread-safe: it reuses one {@link javax.crypto.Cipher} and (k + m) × N bytes of scratch
 * between calls. Use one per thread; they are cheap to make.
 */
public final class StripeEncoder {
    private final SecureRandom random;
    private final ShardCipher cipher = new ShardCipher();
    private ReedSolomon codec;
    /** Plaintext shards for the codec, all of one capacity (the codec wants equal arrays). */
    private byte[][] scratch = new byte[0][];

    public StripeEncoder() {
        this(new SecureRandom());
    }

    /** With nonces from {@code random}: a seeded one in tests reproduces shards byte for byte. */
    public StripeEncoder(SecureRandom random) {
        this.random = Objects.requireNonNull(random);
    }

    /**
     * Encodes {@code data[off, off + len)} as the stripe at {@code address}.
     *
     * @param recoveryBlob up to {@link ShardHeader#MAX_RECOVERY_BLOB_LENGTH} caller bytes sealed,
     *                     with the file id, under the recovery key in every shard
     * @return k + m shards, data first; freshly allocated, owned by the caller
     * @throws IllegalArgumentException if the stripe, its shards or the blob exceed the format's limits
     */
    public byte[][] encode(StripeKeys keys, StripeAddress address, CodecParams params, byte[] recoveryBlob,
                           byte[] data, int off, int len) {
        return encode(keys, address, params, recoveryBlob, data, off, len, null, null);
    }

    /**
     * {@link #encode} into arrays from {@code arrays} (asked for each shard's exact length; they may
     * hold anything, every byte is overwritten), so that a caller that knows when shards are no
     * longer needed can recycle them instead of leaving multi-megabyte garbage per stripe.
     */
    public byte[][] encode(StripeKeys keys, StripeAddress address, CodecParams params, byte[] recoveryBlob,
                           byte[] data, int off, int len, IntFunction<byte[]> arrays) {
        return encode(keys, address, params, recoveryBlob, data, off, len, null, arrays);
    }

    /**
     * Repair: seals only the shards in {@code indices}, for the stripe {@code data[off, off + len)}
     * (as decoded). Every shard is sealed on its own with fresh nonces, so the new ones stand beside
     * the surviving old ones of the same generation.
     *
     * @return k + m slots, null except at {@code indices}
     */
    public byte[][] encodeOnly(StripeKeys keys, StripeAddress address, CodecParams params, byte[] recoveryBlob,
                               byte[] data, int off, int len, BitSet indices) {
        if (indices.length() > params.totalShards()) {
            throw new IllegalArgumentException("shard index " + (indices.length() - 1) + " outside 0.."
                    + (params.totalShards() - 1));
        }
        return encode(keys, address, params, recoveryBlob, data, off, len, indices, null);
    }

    private byte[][] encode(StripeKeys keys, StripeAddress address, CodecParams params, byte[] recoveryBlob,
                            byte[] data, int off, int len, BitSet only, IntFunction<byte[]> arrays) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (len > ShardHeader.MAX_STRIPE_LENGTH) {
            throw new IllegalArgumentException("stripe of " + len + " bytes is above the format's "
                    + ShardHeader.MAX_STRIPE_LENGTH);
        }
        if (recoveryBlob.length > ShardHeader.MAX_RECOVERY_BLOB_LENGTH) {
            throw new IllegalArgumentException("recovery blob of " + recoveryBlob.length + " bytes is above the "
                    + ShardHeader.MAX_RECOVERY_BLOB_LENGTH + " a header holds");
        }
        int k = params.k();
        int total = params.totalShards();
        int n = ShardHeader.shardLengthFor(len, k);
        if (n > ShardHeader.MAX_SHARD_LENGTH) {
            throw new IllegalArgumentException("a stripe of " + len + " bytes at k = " + k + " makes " + n
                    + "-byte shards, above the format's " + ShardHeader.MAX_SHARD_LENGTH);
        }
        byte[][] shards = scratch(total, n);
        for (int i = 0; i < k; i++) {
            int take = Math.clamp(len - (long) i * n, 0, n);
            if (take > 0) { // a short stripe leaves the last data shards empty: nothing to copy from
                System.arraycopy(data, off + i * n, shards[i], 0, take);
            }
            Arrays.fill(shards[i], take, n, (byte) 0);
        }
        if (only == null || only.nextSetBit(k) >= 0) {
            codec(k, params.m()).encodeParity(shards, 0, n);
        }

        byte[][] out = new byte[total][];
        int sealedLength = arrays == null ? 0 : ShardLayout.of(params, len, recoveryBlob.length).encryptedLength();
        byte[] nonceBase = new byte[ShardHeader.NONCE_LENGTH];
        byte[] recoveryNonce = new byte[ShardHeader.NONCE_LENGTH];
        for (int i = 0; i < total; i++) {
            if (only != null && !only.get(i)) {
                continue;
            }
            random.nextBytes(nonceBase);
            random.nextBytes(recoveryNonce);
            byte[] into = arrays == null ? null : arrays.apply(sealedLength);
            out[i] = cipher.seal(keys.fileKey(), keys.recoveryKey(), address, params, i, len, recoveryBlob,
                    shards[i], nonceBase, recoveryNonce, into);
        }
        return out;
    }

    public byte[][] encode(StripeKeys keys, StripeAddress address, CodecParams params, byte[] recoveryBlob,
                           byte[] data) {
        return encode(keys, address, params, recoveryBlob, data, 0, data.length);
    }

    private byte[][] scratch(int count, int length) {
        if (scratch.length < count || scratch.length == 0 || scratch[0].length < length) {
            int capacity = Math.max(length, scratch.length == 0 ? 0 : scratch[0].length);
            scratch = new byte[Math.max(count, scratch.length)][capacity];
        }
        return scratch.length == count ? scratch : Arrays.copyOf(scratch, count);
    }

    private ReedSolomon codec(int k, int m) {
        if (codec == null || codec.dataShardCount() != k || codec.parityShardCount() != m) {
            codec = ReedSolomon.create(k, m);
        }
        return codec;
    }
}
