package dcfs.shardcodec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Shard ids and stripe tags as docs/shard-format.md defines them. Expected values computed
 * independently with Python 3's {@code hmac} and {@code struct} ("&gt;QQB" for stripe, generation,
 * index) from tag key 0x40..0x5f and file id 0xf0..0xff, stripe 7, generation 3.
 */
class ShardIdsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void stripeTagMatchesTheIndependentComputation() {
        assertEquals("90216bebe59074f3230d40d682f58836095b3fe1b03435f329a19265740d49d2",
                HEX.formatHex(ShardIds.stripeTag(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3)));
        assertArrayEquals(ShardIds.stripeTag(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3),
                StripeFixture.address().stripeTag());
    }

    @Test
    void shardIdsMatchTheIndependentComputation() {
        assertEquals("4e06203f7e036f7b05faba06e5b21b4196c87b2400b222f924f9166f9c541be0",
                HEX.formatHex(ShardIds.shardId(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3, 0)));
        assertEquals("86e3ced8bcf1ddfe94e6427f1af91d9275564a2a8b7d0f4342bfdedd1b1c4cb9",
                HEX.formatHex(ShardIds.shardId(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3, 5)));
        assertEquals("b7b62f89e482c7ceb33cf6ddf5969c52457a983821a74c66e025b107a4d96bb8",
                HEX.formatHex(ShardIds.shardId(new SecretKeySpec(StripeFixture.TAG_KEY, "HmacSHA256"),
                        StripeFixture.FILE_ID, 7, 3, 255)));
        assertArrayEquals(ShardIds.shardId(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3, 5),
                ShardIds.shardId(new SecretKeySpec(StripeFixture.TAG_KEY, "HmacSHA256"), StripeFixture.address(), 5));
    }

    @Test
    void everyInputChangesTheId() {
        Set<String> ids = new HashSet<>();
        byte[] otherKey = StripeFixture.range(0x41, 32);
        ids.add(HEX.formatHex(ShardIds.shardId(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3, 0)));
        ids.add(HEX.formatHex(ShardIds.shardId(otherKey, StripeFixture.FILE_ID, 7, 3, 0)));
        ids.add(HEX.formatHex(ShardIds.shardId(StripeFixture.TAG_KEY, StripeFixture.OTHER_FILE_ID, 7, 3, 0)));
        ids.add(HEX.formatHex(ShardIds.shardId(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 8, 3, 0)));
        ids.add(HEX.formatHex(ShardIds.shardId(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 4, 0)));
        ids.add(HEX.formatHex(ShardIds.shardId(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3, 1)));
        // The stripe tag is domain-separated from the shard ids of its own stripe.
        ids.add(HEX.formatHex(ShardIds.stripeTag(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3)));
        assertEquals(7, ids.size());
        assertFalse(Arrays.equals(ShardIds.stripeTag(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 7, 3),
                ShardIds.stripeTag(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 3, 7)));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ShardIds.shardId(new byte[8], StripeFixture.FILE_ID, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ShardIds.shardId(StripeFixture.TAG_KEY, new byte[15], 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ShardIds.shardId(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, 0, 0, 256));
        assertThrows(IllegalArgumentException.class,
                () -> ShardIds.stripeTag(StripeFixture.TAG_KEY, StripeFixture.FILE_ID, -1, 0));
    }
}
