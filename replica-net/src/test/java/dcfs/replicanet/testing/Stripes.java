package dcfs.replicanet.testing;

import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ShardAuthenticator;
import dcfs.replicanet.client.StripeShards;
import dcfs.replicanet.placement.Shape;
import dcfs.shardcodec.rs.NotEnoughShardsException;
import dcfs.shardcodec.rs.ReedSolomon;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Test stripes: random data RS-encoded into k+m shards; each shard's id is the SHA-256 of its bytes,
 * so the authenticator is "the bytes hash to the id" (standing in for the shard format's AEAD).
 */
public record Stripes(Shape shape, ReedSolomon rs) {
    public static Stripes of(Shape shape) {
        return new Stripes(shape, ReedSolomon.create(shape.dataShards(), shape.parityShards()));
    }

    /**
     * One stripe.
     *
     * @param key placement key
     * @param ids shard ids (hashes of the shards)
     * @param shards the shards
     * @param tokens deletion tokens
     * @param data the k data shards concatenated (what a read must give back)
     */
    public record Stripe(byte[] key, List<ShardId> ids, List<byte[]> shards, List<byte[]> tokens, byte[] data) {
    }

    public Stripe make(Random random, int shardSize) {
        int w = shape.totalShards();
        byte[][] s = new byte[w][shardSize];
        for (int i = 0; i < shape.dataShards(); i++) {
            random.nextBytes(s[i]);
        }
        rs.encodeParity(s, 0, shardSize);
        List<ShardId> ids = new ArrayList<>();
        List<byte[]> tokens = new ArrayList<>();
        for (int i = 0; i < w; i++) {
            ids.add(new ShardId(sha256(s[i])));
            byte[] t = new byte[32];
            random.nextBytes(t);
            tokens.add(t);
        }
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] data = new byte[shardSize * shape.dataShards()];
        for (int i = 0; i < shape.dataShards(); i++) {
            System.arraycopy(s[i], 0, data, i * shardSize, shardSize);
        }
        return new Stripe(key, ids, Arrays.asList(s), tokens, data);
    }

    /** Whole-shard authenticator: the bytes must hash to the shard's id. */
    public static ShardAuthenticator authenticator(List<ShardId> ids) {
        return (index, offset, bytes, shardLength) -> offset == 0 && bytes.length == shardLength
                && Arrays.equals(sha256(bytes), ids.get(index).unsafeBytes());
    }

    /** Decodes a read's shards back into the stripe's data. */
    public byte[] decode(StripeShards got) throws NotEnoughShardsException {
        int w = shape.totalShards();
        int len = got.shardLength();
        byte[][] s = new byte[w][];
        boolean[] present = got.present().clone();
        for (int i = 0; i < w; i++) {
            s[i] = present[i] ? got.shards()[i] : new byte[len];
        }
        rs.decodeMissing(s, present, 0, len);
        byte[] data = new byte[len * shape.dataShards()];
        for (int i = 0; i < shape.dataShards(); i++) {
            System.arraycopy(s[i], 0, data, i * len, len);
        }
        return data;
    }

    public static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
