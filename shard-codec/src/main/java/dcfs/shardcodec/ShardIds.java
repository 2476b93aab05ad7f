package dcfs.shardcodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The names nodes know shards by, and the stripe tag a shard header carries in place of the file
 * id (docs/shard-format.md, "Shard ids and stripe tags"):
 *
 * <pre>
 * shardId   = HMAC-SHA-256(tagKey, "dcfs/shard/v1"  ‖ fileId[16] ‖ u64 stripe ‖ u64 generation ‖ u8 index)
 * stripeTag = HMAC-SHA-256(tagKey, "dcfs/stripe/v1" ‖ fileId[16] ‖ u64 stripe ‖ u64 generation)
 * </pre>
 *
 * Integers are big-endian; labels are ASCII without a terminator (every field after them has a
 * fixed length, so the input is unambiguous). Without {@code tagKey} a node can link neither a
 * shard id nor a stripe tag to a file, and shard ids of one stripe do not reveal one another.
 *
 * <p>Pure functions; thread-safe.
 */
public final class ShardIds {
    public static final int ID_LENGTH = 32;
    /** Shorter tag keys are a bug upstream (an empty or truncated key), not a choice. */
    public static final int MIN_TAG_KEY_LENGTH = 16;

    private static final byte[] SHARD_LABEL = "dcfs/shard/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STRIPE_LABEL = "dcfs/stripe/v1".getBytes(StandardCharsets.US_ASCII);

    private ShardIds() {
    }

    public static byte[] shardId(byte[] tagKey, byte[] fileId, long stripe, long generation, int index) {
        return shardId(tagKey(tagKey), fileId, stripe, generation, index);
    }

    public static byte[] shardId(SecretKey tagKey, byte[] fileId, long stripe, long generation, int index) {
        if (index < 0 || index > 255) {
            throw new IllegalArgumentException("shard index must be 0 to 255, got " + index);
        }
        ByteBuffer msg = message(SHARD_LABEL, fileId, stripe, generation, 1);
        msg.put((byte) index);
        return hmac(tagKey, msg.array());
    }

    public static byte[] stripeTag(byte[] tagKey, byte[] fileId, long stripe, long generation) {
        return stripeTag(tagKey(tagKey), fileId, stripe, generation);
    }

    public static byte[] stripeTag(SecretKey tagKey, byte[] fileId, long stripe, long generation) {
        return hmac(tagKey, message(STRIPE_LABEL, fileId, stripe, generation, 0).array());
    }

    /** The shard id of shard {@code index} of the stripe at {@code address}. */
    public static byte[] shardId(SecretKey tagKey, StripeAddress address, int index) {
        return shardId(tagKey, address.fileId(), address.stripe(), address.generation(), index);
    }

    private static ByteBuffer message(byte[] label, byte[] fileId, long stripe, long generation, int extra) {
        if (fileId == null || fileId.length != StripeAddress.FILE_ID_LENGTH) {
            throw new IllegalArgumentException("file id must be " + StripeAddress.FILE_ID_LENGTH + " bytes");
        }
        if (stripe < 0 || generation < 0) {
            throw new IllegalArgumentException("stripe and generation must not be negative");
        }
        ByteBuffer b = ByteBuffer.allocate(label.length + fileId.length + 16 + extra);
        return b.put(label).put(fileId).putLong(stripe).putLong(generation);
    }

    private static SecretKey tagKey(byte[] raw) {
        if (raw == null || raw.length < MIN_TAG_KEY_LENGTH) {
            throw new IllegalArgumentException("tag key must be at least " + MIN_TAG_KEY_LENGTH + " bytes, got "
                    + (raw == null ? "null" : raw.length));
        }
        return new SecretKeySpec(raw, "HmacSHA256");
    }

    private static byte[] hmac(SecretKey key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("tag key not usable for HMAC-SHA-256: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks HMAC-SHA-256", e);
        }
    }
}
