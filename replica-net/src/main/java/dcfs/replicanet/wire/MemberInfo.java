package dcfs.replicanet.wire;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import java.util.List;

/**
 * One row of a node's membership table as gossip carries it.
 *
 * <p>{@code incarnation} and {@code heartbeat} are set by the member itself only: incarnation is its
 * process start time (ms since the epoch), heartbeat counts its gossip rounds. A row with a larger
 * (incarnation, heartbeat) pair is newer; relays never change either. {@code state} and
 * {@code ageMillis} are the sender's own opinion (how long since it last saw the heartbeat grow),
 * informative only: every node judges liveness from its own clock.
 *
 * @param id the member's id (hash of its public key)
 * @param endpoint where it listens
 * @param incarnation its process start time, ms since the epoch
 * @param heartbeat its gossip round counter
 * @param state the sender's opinion of it
 * @param ageMillis ms since the sender saw its heartbeat grow
 * @param health its latest self-report
 * @param rtts round-trip times it measured to other members (at most {@link #MAX_RTTS})
 */
public record MemberInfo(MemberId id, Endpoint endpoint, long incarnation, long heartbeat, MemberState state,
        long ageMillis, Health health, List<Rtt> rtts) {
    public static final int MAX_RTTS = 256;
    /** Most rows one GOSSIP or MEMBERS message may carry. */
    public static final int MAX_MEMBERS = 1024;

    public MemberInfo {
        rtts = List.copyOf(rtts);
    }

    /** True if this row carries a newer self-report of its member than {@code other}. */
    public boolean newerThan(MemberInfo other) {
        return incarnation != other.incarnation ? incarnation > other.incarnation : heartbeat > other.heartbeat;
    }

    /**
     * A measured round-trip time.
     *
     * @param peer the member measured to
     * @param micros smallest round-trip time of the last 8 pings, in microseconds
     */
    public record Rtt(MemberId peer, long micros) {
    }
}
