package dcfs.shardcodec;

import static dcfs.shardcodec.StripeFixture.KEYS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes what a node (or a disk) can hand the decoder. Whatever the bytes, {@code authenticate}
 * returns a verdict, {@code decode} and {@code readRange} return the true stripe or throw
 * {@link StripeUndecodableException}, and {@code openRecovery} throws only its checked
 * exceptions. Seeds: {@code src/test/resources/dcfs/shardcodec/StripeDecoderFuzzTestInputs/}
 * (written by {@link FuzzCorpus}); how to fuzz for real: see {@code ShardHeaderFuzzTest}.
 */
// A backstop: replaying seeds takes well under a second, fuzzing stops at maxDuration.
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StripeDecoderFuzzTest {
    private final StripeDecoder decoder = new StripeDecoder();

    @FuzzTest(maxDuration = "30s")
    void authenticateAlwaysGivesAVerdict(byte[] input) {
        int index = input.length > 16 ? input[16] & 0xff : 0;
        ShardVerdict v = decoder.authenticate(KEYS, FuzzCorpus.ADDRESS, index, input);
        assertNotNull(v);
        if (v instanceof OpenedShard) {
            // Only a shard the encoder made authenticates: the seeds are such shards.
            assertTrue(FuzzCorpus.isGenuine(input), "forged shard accepted");
        }
    }

    @FuzzTest(maxDuration = "30s")
    void decodeGivesTheStripeOrSaysWhy(byte[] input) {
        byte[][] shards = FuzzCorpus.split(input);
        try {
            assertArrayEquals(FuzzCorpus.STRIPE, decoder.decode(KEYS, FuzzCorpus.ADDRESS, shards).data());
        } catch (StripeUndecodableException e) {
            assertNotNull(e.getMessage());
        }
        int offset = input.length == 0 ? 0 : (input[0] & 0xff) * 37 % (FuzzCorpus.STRIPE.length + 1);
        int length = Math.min(FuzzCorpus.STRIPE.length - offset, input.length);
        try {
            RangeRead r = decoder.readRange(KEYS, FuzzCorpus.ADDRESS, shards, offset, length);
            assertArrayEquals(Arrays.copyOfRange(FuzzCorpus.STRIPE, offset, offset + length), r.data());
        } catch (StripeUndecodableException e) {
            assertNotNull(e.getMessage());
        }
    }

    @FuzzTest(maxDuration = "30s")
    void openRecoveryThrowsOnlyCheckedExceptions(byte[] input) {
        try {
            RecoveredShard r = decoder.openRecovery(KEYS.recoveryKey(), input);
            // The block authenticates the header before it: both must be a genuine shard's.
            int h = r.header().headerLength();
            assertTrue(Arrays.stream(FuzzCorpus.SHARDS).anyMatch(s -> Arrays.equals(s, 0, h, input, 0, h)),
                    "forged recovery block opened");
            assertArrayEquals(StripeFixture.FILE_ID, r.fileId());
        } catch (ShardFormatException | ShardNotAuthenticException e) {
            assertNotNull(e.getMessage());
        }
    }
}
