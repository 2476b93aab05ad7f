package dcfs.shardcodec;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Runs the whole stripe path — encode, authenticate, decode around lost data shards, range reads —
 * on throwaway data and throwaway keys, so that the JIT compiles the Vector API loops and the
 * AES-GCM intrinsics before the first real stripe needs them. Until C2 compiles them the vector
 * loops run the API's Java fallback (tens of MB/s) and a fresh mount's first gigabyte would be
 * written at that speed (seen in profiles of `dcfs bench fs`: a third of the mount's CPU in
 * {@code ByteVector.bOpTemplate} during the first write).
 */
public final class StripePathWarmUp {
    private StripePathWarmUp() {
    }

    /**
     * Works for at most {@code budget} or {@code rounds} stripes of {@code stripeBytes}, whichever
     * comes first, stopping early when {@code stop} says so. Returns the rounds done.
     */
    public static int run(CodecParams params, int stripeBytes, byte[] recoveryBlob, int rounds, Duration budget,
                          BooleanSupplier stop) {
        SplittableRandom random = new SplittableRandom(1);
        byte[] data = new byte[stripeBytes];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) random.nextInt();
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        StripeKeys keys = StripeKeys.of(raw, raw.clone());
        StripeAddress address = StripeAddress.derive(raw, new byte[StripeAddress.FILE_ID_LENGTH], 0, 1, 0);
        StripeEncoder encoder = new StripeEncoder();
        StripeDecoder decoder = new StripeDecoder();
        long deadline = System.nanoTime() + budget.toNanos();
        int done = 0;
        while (done < rounds && System.nanoTime() < deadline && !stop.getAsBoolean()) {
            byte[][] shards = encoder.encode(keys, address, params, recoveryBlob, data, 0, data.length);
            // Parity first: the first k to arrive include parity, so the RS decode path runs too.
            StripeAssembly assembly = new StripeAssembly(address);
            for (int i = shards.length - 1; i >= 0 && !assembly.ready(); i--) {
                decoder.authenticateInto(assembly, keys, i, shards[i]);
            }
            try {
                assembly.finish();
                decoder.readRange(keys, address, shards, (done * 4096L) % Math.max(1, stripeBytes - 4096),
                        Math.min(4096, stripeBytes));
            } catch (StripeUndecodableException e) {
                throw new IllegalStateException("the codec cannot read back its own stripe: " + e.getMessage(), e);
            }
            done++;
        }
        return done;
    }
}
