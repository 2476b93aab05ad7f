package dcfs.replicanet.upkeep;

import dcfs.proofs.capacity.CapacityChallenge;
import dcfs.proofs.capacity.CapacityFormula;
import dcfs.proofs.capacity.CapacityReport;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.membership.Membership;
import dcfs.replicanet.transport.Connection;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.wire.Health;
import dcfs.replicanet.wire.MemberInfo;
import dcfs.replicanet.wire.MemberState;
import dcfs.replicanet.wire.Message;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Challenges every live peer's capacity, one at a time (so challenges do not distort each other's
 * times), and measures this node's own by solving a challenge locally: the measurements the
 * recorder pays capacity rewards from. The verifier computes the answer before it sends the
 * challenge and starts the clock on a warm connection, so t is the peer's work plus one round trip.
 *
 * <p>Runs on the caller's thread ({@link NodeUpkeep}'s upkeep thread); {@link #latest} may be read
 * from any thread.
 */
final class CapacityVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(CapacityVerifier.class);

    private final MemberId self;
    private final Membership membership;
    private final Connector peers;
    private final UpkeepConfig config;
    private final Supplier<Message.CapacityAnswer> ownStatement;
    private final CapacityFormula formula;
    private final SecureRandom random = new SecureRandom();
    private final Map<MemberId, CapacityMeasurement> latest = new HashMap<>();

    /** @param ownStatement this node's φ, sR and sT as it would answer a challenge (the answer bytes unused) */
    CapacityVerifier(MemberId self, Membership membership, Connector peers, UpkeepConfig config,
            Supplier<Message.CapacityAnswer> ownStatement) {
        this.self = self;
        this.membership = membership;
        this.peers = peers;
        this.config = config;
        this.ownStatement = ownStatement;
        this.formula = new CapacityFormula(config.capacityWindow().toMillis());
    }

    /** Measures this node and every live peer once. */
    void round() {
        List<MemberInfo> rows = membership.rows();
        for (MemberInfo r : rows) {
            if (r.id().equals(self)) {
                measureSelf(r.health());
            } else if (r.state() == MemberState.UP) {
                measurePeer(r);
            }
        }
        synchronized (this) {
            latest.keySet().removeIf(id -> rows.stream().noneMatch(r -> r.id().equals(id)));
        }
    }

    private void measureSelf(Health h) {
        CapacityChallenge c = CapacityChallenge.fresh(config.capacityIterations(), random);
        long t0 = System.nanoTime();
        c.solve();
        double ms = (System.nanoTime() - t0) / 1e6;
        Message.CapacityAnswer own = ownStatement.get();
        put(measure(self, h, ms, own));
    }

    private void measurePeer(MemberInfo r) {
        CapacityChallenge c = CapacityChallenge.fresh(config.capacityIterations(), random);
        byte[] expected = c.solve();
        long window = config.capacityWindow().toMillis();
        try {
            Connection conn = peers.get(r.endpoint(), r.id()).get(window, TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime();
            Message.Response resp = conn.send(new Message.Capacity(0, c.seed(), c.iterations()), window)
                    .get(window + 1000, TimeUnit.MILLISECONDS);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (!(resp instanceof Message.CapacityAnswer a) || !MessageDigest.isEqual(expected, a.answer())) {
                LOG.warn("capacity challenge of {}: wrong answer; no capacity this round", r.id().shortForm());
                forget(r.id());
                return;
            }
            put(measure(r.id(), r.health(), ms, a));
        } catch (Exception e) {
            LOG.info("capacity challenge of {}: {}; no capacity this round", r.id().shortForm(),
                    Connector.rootMessage(e));
            forget(r.id());
        }
    }

    private CapacityMeasurement measure(MemberId id, Health h, double ms, Message.CapacityAnswer a) {
        int p = Math.max(1, h.sockets());
        int q = Math.max(1, h.coresPerSocket());
        double phi = (double) a.offeredShareMillionths() / Message.CapacityAnswer.ONE;
        double cap = formula.capacity(new CapacityReport(p, q, ms, phi, a.reportedBytes(), a.takenBytes()));
        return new CapacityMeasurement(id, cap, ms, p, q, phi, a.reportedBytes(), a.takenBytes(), Instant.now());
    }

    private synchronized void put(CapacityMeasurement m) {
        latest.put(m.node(), m);
    }

    private synchronized void forget(MemberId id) {
        latest.remove(id);
    }

    /** The latest measurement of every node that answered its last challenge (this node included). */
    synchronized Map<MemberId, CapacityMeasurement> latest() {
        return Map.copyOf(latest);
    }
}
