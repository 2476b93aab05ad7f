package dcfs.shardcodec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StripePathWarmUpTest {
    @Test
    void runsTheRoundsItIsGivenThroughTheWholePath() {
        byte[] blob = {'d', 'c', 'f', 's', 1, 'D'};
        assertEquals(3, StripePathWarmUp.run(new CodecParams(4, 2, 64 * 1024), 300_000, blob, 3,
                Duration.ofMinutes(1), () -> false));
        assertEquals(2, StripePathWarmUp.run(new CodecParams(10, 4, 16 * 1024), 1000, blob, 2,
                Duration.ofMinutes(1), () -> false));
    }

    @Test
    void stopsWhenAsked() {
        assertEquals(0, StripePathWarmUp.run(new CodecParams(4, 2, 64 * 1024), 65_536, new byte[0], 100,
                Duration.ofMinutes(1), () -> true));
    }
}
