package dcfs.vfs.upkeep;

import dcfs.proofs.audit.AuditChallenge;
import dcfs.proofs.audit.AuditProof;
import dcfs.proofs.audit.AuditVerdict;
import dcfs.proofs.audit.AuditVerifier;
import dcfs.proofs.audit.MalformedProofException;
import dcfs.proofs.reputation.EjectionPolicy;
import dcfs.proofs.reputation.NodeReputation;
import dcfs.proofs.reputation.ReputationBook;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.transport.NodeUnavailableException;
import dcfs.replicanet.transport.RemoteException;
import dcfs.replicanet.upkeep.Recorders;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.MemberState;
import dcfs.replicanet.wire.Message;
import dcfs.replicanet.wire.ReportKind;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Proofs of storage against the nodes holding this filesystem's shards (DESIGN.md, "Proofs and
 * economics"; docs/proofs.md, "In the live system"): for every node the roots table says holds
 * shards of the filesystem, a random sample of them, each asked with a fresh nonce for a few leaves and their Merkle
 * paths, checked against the roots learned from authentic copies. A wrong, malformed or missing answer fails; no
 * answer before the deadline is late and fails too; a node that cannot be reached at all gets no
 * verdict (it is down, which repair deals with). Verdicts go into the {@link ReputationBook} kept
 * between runs, and are reported to each node's recorder, which pays storage rewards from them.
 */
public final class Auditor {
    /**
     * @param shardsPerNode shards sampled per node
     * @param leaves leaves asked per shard (1..64)
     * @param deadlineMillis how long a node has to answer one audit
     */
    public record Settings(int shardsPerNode, int leaves, long deadlineMillis) {
        public static final Settings DEFAULT = new Settings(8, 8, 10_000);
        /** Challenges sent to one node at once: half its proof queue (64), so audits are not refused BUSY. */
        public static final int MAX_SHARDS_PER_NODE = 32;

        public Settings {
            if (shardsPerNode < 1 || shardsPerNode > MAX_SHARDS_PER_NODE || leaves < 1
                    || leaves > AuditChallenge.MAX_SAMPLES || deadlineMillis < 1) {
                throw new IllegalArgumentException("audit settings out of range: " + shardsPerNode + " shards (1.."
                        + MAX_SHARDS_PER_NODE + "), " + leaves + " leaves (1.." + AuditChallenge.MAX_SAMPLES + "), "
                        + deadlineMillis + " ms");
            }
        }
    }

    private final ReplicaClient client;
    private final ShardRoots roots;
    private final Set<ShardId> current;
    private final Path stateDir;
    private final EjectionPolicy policy;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param roots    the roots scrubs learned
     * @param current  the shards the filesystem holds now ({@link StripeInventory#shardIds}); only those
     *                 are asked for, so a node is never blamed for dropping a deleted shard
     * @param stateDir where the reputation file is kept between runs
     */
    public Auditor(ReplicaClient client, ShardRoots roots, Set<ShardId> current, Path stateDir, EjectionPolicy policy) {
        this.client = client;
        this.roots = roots;
        this.current = current;
        this.stateDir = stateDir;
        this.policy = policy;
    }

    private record Sampled(ShardId id, ShardRoots.Entry entry) {
    }

    private record Asked(MemberId node, Sampled shard, AuditChallenge challenge, CompletableFuture<byte[]> answer) {
    }

    public AuditReport run(Settings settings, Progress progress) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Set<MemberId> members = client.view().rows().keySet();
        long[] withRoot = {0};
        Map<MemberId, List<Sampled>> samples = sample(members, settings.shardsPerNode(), withRoot);

        List<Asked> asked = new ArrayList<>();
        Set<MemberId> unreachable = new java.util.TreeSet<>();
        for (Map.Entry<MemberId, List<Sampled>> e : samples.entrySet()) {
            MemberId node = e.getKey();
            if (client.view().state(node) == MemberState.DOWN) {
                unreachable.add(node);
                continue;
            }
            for (Sampled s : e.getValue()) {
                AuditChallenge c = AuditChallenge.fresh(s.id().bytes(), settings.leaves(), random);
                asked.add(new Asked(node, s, c, client.audit(node, s.id(), c.nonce(), c.samples(),
                        settings.deadlineMillis())));
            }
        }
        AuditVerifier verifier = new AuditVerifier(Message.Audit.LEAF_SIZE);
        Map<MemberId, int[]> counts = new TreeMap<>(); // audited, passed, failed, late
        Map<MemberId, String> problems = new HashMap<>();
        Map<MemberId, List<AuditVerdict>> verdicts = new LinkedHashMap<>();
        int done = 0;
        long last = System.nanoTime();
        for (Asked a : asked) {
            AuditVerdict v = verdict(a, verifier, settings.deadlineMillis());
            done++;
            if (System.nanoTime() - last > 1_000_000_000L) {
                last = System.nanoTime();
                progress.update("audit: " + done + "/" + asked.size() + " shards answered");
            }
            if (v == null) {
                unreachable.add(a.node());
                continue;
            }
            int[] c = counts.computeIfAbsent(a.node(), k -> new int[4]);
            c[0]++;
            switch (v) {
                case AuditVerdict.Passed p -> c[1]++;
                case AuditVerdict.Failed f -> {
                    c[2]++;
                    problems.putIfAbsent(a.node(), "shard " + a.shard().id().shortForm() + ": " + f.reason());
                }
                case AuditVerdict.Late l -> {
                    c[3]++;
                    problems.putIfAbsent(a.node(), "shard " + a.shard().id().shortForm() + ": no answer within "
                            + l.millis() + " ms");
                }
            }
            verdicts.computeIfAbsent(a.node(), k -> new ArrayList<>()).add(v);
        }
        progress.update("audit: " + done + "/" + asked.size() + " shards answered");

        ReputationBook book = ReputationFile.load(stateDir, policy);
        verdicts.forEach((node, vs) -> vs.forEach(v -> book.record(node.hex(), v)));
        ReputationFile.save(stateDir, book);
        int reports = report(client, members, counts);

        List<AuditReport.NodeResult> rows = new ArrayList<>();
        Set<MemberId> all = new java.util.TreeSet<>(counts.keySet());
        all.addAll(unreachable);
        for (MemberId node : all) {
            int[] c = counts.getOrDefault(node, new int[4]);
            NodeReputation r = book.of(node.hex());
            rows.add(new AuditReport.NodeResult(node.hex(), c[0], c[1], c[2], c[3], unreachable.contains(node) && c[0] == 0,
                    problems.getOrDefault(node, ""), r.passed(), r.failed(), r.consecutiveFailures(),
                    book.dueForEjection(node.hex()), false));
        }
        return new AuditReport(rows, withRoot[0], (System.nanoTime() - t0) / 1_000_000, reports);
    }

    /** Up to {@code perNode} shards for every member holding some, uniformly at random (reservoir sampling). */
    private Map<MemberId, List<Sampled>> sample(Set<MemberId> members, int perNode, long[] withRoot) {
        Map<MemberId, List<Sampled>> out = new TreeMap<>();
        Map<MemberId, long[]> seen = new HashMap<>();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        roots.forEach((id, e) -> {
            if (!current.contains(id)) {
                return;
            }
            withRoot[0]++;
            for (MemberId h : e.holders()) {
                if (!members.contains(h)) {
                    continue;
                }
                List<Sampled> l = out.computeIfAbsent(h, k -> new ArrayList<>());
                long n = ++seen.computeIfAbsent(h, k -> new long[1])[0];
                if (l.size() < perNode) {
                    l.add(new Sampled(id, e));
                } else {
                    long j = r.nextLong(n);
                    if (j < perNode) {
                        l.set((int) j, new Sampled(id, e));
                    }
                }
            }
        });
        return out;
    }

    /** The verdict on one answer, or null if the node could not be asked at all. */
    private static AuditVerdict verdict(Asked a, AuditVerifier verifier, long deadlineMillis) throws InterruptedException {
        byte[] proof;
        try {
            proof = a.answer().get(deadlineMillis + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof TimeoutException) {
                return new AuditVerdict.Late(deadlineMillis);
            }
            if (c instanceof RemoteException r) {
                return switch (r.code()) {
                    case NOT_FOUND -> new AuditVerdict.Failed("the node does not hold it");
                    case BUSY -> new AuditVerdict.Late(deadlineMillis);
                    case SHUTTING_DOWN -> null;
                    default -> new AuditVerdict.Failed(r.getMessage());
                };
            }
            if (c instanceof NodeUnavailableException) {
                return null;
            }
            return new AuditVerdict.Failed(Connector.rootMessage(c));
        } catch (TimeoutException e) {
            a.answer().cancel(true);
            return new AuditVerdict.Late(deadlineMillis);
        }
        AuditProof p;
        try {
            p = AuditProof.decode(proof, Message.Audit.LEAF_SIZE);
        } catch (MalformedProofException e) {
            return new AuditVerdict.Failed("malformed proof: " + e.getMessage());
        }
        AuditVerdict first = null;
        for (byte[] root : a.shard().entry().roots()) {
            AuditVerdict v = verifier.check(a.challenge(), root, a.shard().entry().length(), p);
            if (v.passed()) {
                return v;
            }
            first = first == null ? v : first;
        }
        return first;
    }

    /** Passes and failures to each node's recorder (the member that records its rewards). */
    private static int report(ReplicaClient client, Set<MemberId> members, Map<MemberId, int[]> counts) {
        Map<MemberId, List<Message.ReportRow>> byRecorder = new HashMap<>();
        counts.forEach((node, c) -> {
            MemberId recorder = Recorders.of(node, members);
            if (recorder == null) {
                return;
            }
            List<Message.ReportRow> rows = byRecorder.computeIfAbsent(recorder, k -> new ArrayList<>());
            if (c[1] > 0) {
                rows.add(new Message.ReportRow(node, ReportKind.AUDITS_PASSED, c[1]));
            }
            if (c[2] + c[3] > 0) {
                rows.add(new Message.ReportRow(node, ReportKind.AUDITS_FAILED, c[2] + c[3]));
            }
        });
        int sent = 0;
        for (Map.Entry<MemberId, List<Message.ReportRow>> e : byRecorder.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            try {
                client.report(e.getKey(), e.getValue()).get(10, TimeUnit.SECONDS);
                sent += e.getValue().size();
            } catch (Exception ex) {
                // the recorder is away: the rewards of this run are not recorded; reputation is kept here
            }
        }
        return sent;
    }
}
