package dcfs.shardcodec.bench;

import dcfs.shardcodec.CodecParams;
import dcfs.shardcodec.StripeAddress;
import dcfs.shardcodec.StripeAssembly;
import dcfs.shardcodec.StripeDecoder;
import dcfs.shardcodec.StripeEncoder;
import dcfs.shardcodec.StripeKeys;
import dcfs.shardcodec.StripeUndecodableException;
import dcfs.shardcodec.rs.ReedSolomon;
import dcfs.shardcodec.v1.ShardHeader;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * One stripe through the whole path (Reed-Solomon + AES-256-GCM, format v1), measured in stripe
 * data bytes:
 *
 * <ul>
 *   <li>{@code encode}: {@link StripeEncoder#encode} of k × shardBytes bytes.</li>
 *   <li>{@code decode}: the read path — authenticate the k data shards into a
 *       {@link StripeAssembly} (straight into the stripe buffer), finish (no copy, no Reed-Solomon).</li>
 *   <li>{@code decode-degraded}: the same with min(k, m) data shards lost: k shards authenticated,
 *       the lost data rebuilt by Reed-Solomon.</li>
 *   <li>{@code encode-one-call}: NOT format v1 — Reed-Solomon, then each shard sealed by one
 *       AES-GCM call, to show what segments buy on 1 MiB shards.</li>
 * </ul>
 */
public final class StripeRound implements CryptoCase {
    private final String op;
    private final CodecParams params;
    private final int shardBytes;
    private final StripeKeys keys;
    private final StripeAddress address;
    private final byte[] data;
    private final byte[] blob = new byte[32];
    private final StripeEncoder encoder = new StripeEncoder();
    private final StripeDecoder decoder = new StripeDecoder();
    private final byte[][] shards;
    /** Shard indices the decode ops read, in the order a network would deliver them. */
    private final int[] read;
    // encode-one-call
    private final ReedSolomon codec;
    private final byte[][] plainShards;
    private final Cipher oneCall;
    private final byte[] nonce = new byte[12];
    private long counter;

    public StripeRound(String op, int k, int m, int shardBytes, int segmentBytes) {
        if (!java.util.List.of("encode", "decode", "decode-degraded", "encode-one-call").contains(op)) {
            throw new IllegalArgumentException("unknown op " + op);
        }
        this.op = op;
        // encode-one-call seals a shard in one call, whatever its size: the format's segment limit
        // does not apply to it (its shards are not v1 shards).
        this.params = new CodecParams(k, m, Math.min(segmentBytes, ShardHeader.MAX_SEGMENT_SIZE));
        this.shardBytes = shardBytes;
        SplittableRandom r = new SplittableRandom(31L * k + m + shardBytes);
        byte[] fileKey = new byte[32];
        byte[] recoveryKey = new byte[32];
        byte[] tagKey = new byte[32];
        byte[] fileId = new byte[16];
        r.nextBytes(fileKey);
        r.nextBytes(recoveryKey);
        r.nextBytes(tagKey);
        r.nextBytes(fileId);
        keys = StripeKeys.of(fileKey, recoveryKey);
        address = StripeAddress.derive(tagKey, fileId, 1, 0, 0);
        data = new byte[k * shardBytes];
        r.nextBytes(data);
        shards = encoder.encode(keys, address, params, blob, data);
        int lost = op.equals("decode-degraded") ? Math.min(k, m) : 0;
        read = new int[k];
        for (int i = 0; i < k; i++) {
            read[i] = i + lost; // lose the first data shards, take parity in their place
        }
        codec = ReedSolomon.create(k, m);
        plainShards = op.equals("encode-one-call") ? new byte[k + m][shardBytes] : null;
        try {
            oneCall = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String op() {
        return op;
    }

    @Override
    public int k() {
        return params.k();
    }

    @Override
    public int m() {
        return params.m();
    }

    @Override
    public int shardBytes() {
        return shardBytes;
    }

    @Override
    public int segmentBytes() {
        return op.equals("encode-one-call") ? shardBytes : Math.min(params.segmentSize(), shardBytes);
    }

    @Override
    public long bytesPerRun() {
        return data.length;
    }

    @Override
    public int runOnce() {
        return switch (op) {
            case "encode" -> encoder.encode(keys, address, params, blob, data)[0].length;
            case "encode-one-call" -> encodeOneCall();
            default -> decode();
        };
    }

    private int decode() {
        StripeAssembly assembly = new StripeAssembly(address);
        for (int i : read) {
            decoder.authenticateInto(assembly, keys, i, shards[i]);
        }
        try {
            return assembly.finish().data().length;
        } catch (StripeUndecodableException e) {
            throw new IllegalStateException("benchmark shards do not decode: " + e.getMessage(), e);
        }
    }

    private int encodeOneCall() {
        int k = params.k();
        for (int i = 0; i < k; i++) {
            System.arraycopy(data, i * shardBytes, plainShards[i], 0, shardBytes);
        }
        codec.encodeParity(plainShards, 0, shardBytes);
        int sum = 0;
        try {
            for (byte[] shard : plainShards) {
                long c = ++counter;
                for (int b = 0; b < 8; b++) {
                    nonce[4 + b] = (byte) (c >>> (56 - 8 * b));
                }
                oneCall.init(Cipher.ENCRYPT_MODE, keys.fileKey(), new GCMParameterSpec(128, nonce));
                byte[] sealed = new byte[shardBytes + 16];
                sum += oneCall.doFinal(shard, 0, shardBytes, sealed, 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return sum;
    }
}
