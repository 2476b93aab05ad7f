package dcfs.replicanet.upkeep;

import dcfs.proofs.ledger.EntryKind;
import dcfs.proofs.ledger.LedgerEntry;
import dcfs.proofs.ledger.RewardParameters;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.transport.PeerIdentity;
import dcfs.replicanet.wire.Message;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the rewards of the nodes this node records for into its ledger (docs/proofs.md, "In the
 * live system"):
 *
 * <ul>
 *   <li>once per reward period, for every node whose recorder it is ({@link Recorders}): the
 *       capacity reward {@code RW1 = SP · PMA · C_i / ΣC} from the latest capacity measurements;</li>
 *   <li>once per period, for every node reported to it: the storage reward
 *       {@code RW2 = SP · PMB · C_i / ΣC} if audits of it passed and none failed in the period, and
 *       the serving reward for each read it served first;</li>
 *   <li>at once: {@code AUDIT_FAILED} for failed audits reported, {@code NODE_EJECTED} for a node
 *       newly on the revocation list.</li>
 * </ul>
 * Reports come from the network's members (clients that audit and read), never about the recorder
 * itself. Not persisted: reports of a period still open are lost if the node stops.
 *
 * <p>Called on the upkeep thread only (appends fsync); {@link #accept} is synchronized with it.
 */
final class RewardRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(RewardRecorder.class);

    private final MemberId self;
    private final NodeLedger ledger;
    private final RewardParameters rewards;
    private final Supplier<Collection<MemberId>> members;
    private final Supplier<Map<MemberId, CapacityMeasurement>> capacity;
    private final Map<MemberId, Tally> pending = new HashMap<>();
    private final Set<String> ejected = new HashSet<>();

    private static final class Tally {
        long passed;
        long failed;
        long served;
        final Set<String> reporters = new LinkedHashSet<>();
    }

    RewardRecorder(MemberId self, NodeLedger ledger, RewardParameters rewards, Supplier<Collection<MemberId>> members,
            Supplier<Map<MemberId, CapacityMeasurement>> capacity) {
        this.self = self;
        this.ledger = ledger;
        this.rewards = rewards;
        this.members = members;
        this.capacity = capacity;
        for (LedgerEntry e : ledger.entries()) {
            if (e.kind() == EntryKind.NODE_EJECTED) {
                ejected.add(e.nodeId());
            }
        }
    }

    /** Takes a report; returns how many rows were taken (none about this node itself). */
    synchronized int accept(List<Message.ReportRow> rows, PeerIdentity from) throws IOException {
        String reporter = from.id() == null ? "?" : from.id().shortForm();
        int taken = 0;
        Map<MemberId, Long> failures = new TreeMap<>();
        for (Message.ReportRow r : rows) {
            if (r.node().equals(self) || r.count() == 0) {
                continue;
            }
            Tally t = pending.computeIfAbsent(r.node(), k -> new Tally());
            switch (r.kind()) {
                case AUDITS_PASSED -> t.passed += r.count();
                case AUDITS_FAILED -> {
                    t.failed += r.count();
                    failures.merge(r.node(), r.count(), Long::sum);
                }
                case READS_SERVED -> t.served += r.count();
            }
            if (t.reporters.size() < 8) { // the detail stays within its 1 KiB
                t.reporters.add(reporter);
            }
            taken++;
        }
        for (Map.Entry<MemberId, Long> f : failures.entrySet()) {
            ledger.record(EntryKind.AUDIT_FAILED, f.getKey(), 0, "failed=" + f.getValue() + " reporter=" + reporter);
        }
        return taken;
    }

    /** Ends reward period {@code period}: capacity, storage and serving rewards. */
    synchronized void closePeriod(long period) throws IOException {
        Map<MemberId, CapacityMeasurement> caps = capacity.get();
        double sum = caps.values().stream().mapToDouble(CapacityMeasurement::capacity).sum();
        Set<MemberId> ids = new LinkedHashSet<>(members.get());
        ids.add(self);
        int written = 0;
        for (MemberId b : ids) {
            CapacityMeasurement m = caps.get(b);
            if (b.equals(self) || m == null || !self.equals(Recorders.of(b, ids))) {
                continue;
            }
            ledger.record(EntryKind.CAPACITY_REWARD, b, rewards.capacityReward(m.capacity(), sum),
                    "period=" + period + " " + m.describe() + String.format(Locale.ROOT, " sumC=%.3f", sum));
            written++;
        }
        for (Map.Entry<MemberId, Tally> e : pending.entrySet()) {
            MemberId b = e.getKey();
            Tally t = e.getValue();
            CapacityMeasurement m = caps.get(b);
            String by = " reporters=" + String.join(",", t.reporters);
            if (t.passed > 0 && t.failed == 0) {
                long amount = m == null ? 0 : rewards.storageReward(m.capacity(), sum);
                ledger.record(EntryKind.STORAGE_REWARD, b, amount, "period=" + period + " passed=" + t.passed
                        + (m == null ? " C=unknown" : String.format(Locale.ROOT, " C=%.3f sumC=%.3f", m.capacity(), sum))
                        + by);
                written++;
            }
            if (t.served > 0) {
                ledger.record(EntryKind.SERVING_REWARD, b, Math.multiplyExact(t.served, rewards.servingReward()),
                        "period=" + period + " reads=" + t.served + by);
                written++;
            }
        }
        pending.clear();
        LOG.debug("reward period {} closed: {} entries", period, written);
    }

    /** A node on a newer revocation list: recorded once, by its recorder. */
    synchronized void ejected(MemberId node, String reason) throws IOException {
        Set<MemberId> ids = new LinkedHashSet<>(members.get());
        ids.add(self);
        ids.add(node);
        if (node.equals(self) || !self.equals(Recorders.of(node, ids)) || !ejected.add(node.hex())) {
            return;
        }
        ledger.record(EntryKind.NODE_EJECTED, node, 0, "revoked: " + reason);
        pending.remove(node);
    }
}
