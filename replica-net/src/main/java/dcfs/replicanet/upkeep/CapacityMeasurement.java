package dcfs.replicanet.upkeep;

import dcfs.replicanet.MemberId;
import java.time.Instant;
import java.util.Locale;

/**
 * One node's capacity as a verifier measured it (docs/proofs.md, "Capacity"): the inputs of
 * {@code C = P/Q · sqrt(t · φ) + (sR − sT)} and the result.
 *
 * @param capacity C
 * @param millis t, measured by the verifier from sending the challenge to the right answer
 * @param processors P, from the node's health report (1 when it reports none)
 * @param coresPerProcessor Q, likewise
 * @param offeredShare φ, as the node answered
 * @param reportedBytes sR, as the node answered
 * @param takenBytes sT, as the node answered
 */
public record CapacityMeasurement(MemberId node, double capacity, double millis, int processors,
        int coresPerProcessor, double offeredShare, long reportedBytes, long takenBytes, Instant at) {
    private static final double GIB = 1024.0 * 1024 * 1024;

    /** The formula's inputs as a ledger detail: {@code C=… t=…ms P=… Q=… phi=… sR=…GiB sT=…GiB}. */
    public String describe() {
        return String.format(Locale.ROOT, "C=%.3f t=%.1fms P=%d Q=%d phi=%.3f sR=%.3fGiB sT=%.3fGiB", capacity, millis,
                processors, coresPerProcessor, offeredShare, reportedBytes / GIB, takenBytes / GIB);
    }
}
