package dcfs.replicanet.client;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.placement.Topology;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.wire.MemberInfo;
import dcfs.replicanet.wire.MemberState;
import dcfs.replicanet.wire.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client's picture of the network, refreshed from the nodes (GET_MEMBERS): every member's row as
 * the freshest responder saw it, and the {@link Topology} placement runs over. A client does not
 * gossip; it asks up to two live nodes per refresh and keeps, per member, the row whose responder
 * heard from it most recently.
 *
 * <p>Thread-safe: the current state is one immutable snapshot swapped atomically.
 */
public final class ClusterView {
    /**
     * One immutable view.
     *
     * @param rows every member, by id
     * @param topology placement over those members
     */
    public record Snapshot(Map<MemberId, MemberInfo> rows, Topology topology) {
        public MemberState state(MemberId id) {
            MemberInfo r = rows.get(id);
            return r == null ? MemberState.DOWN : r.state();
        }

        public Endpoint endpoint(MemberId id) {
            MemberInfo r = rows.get(id);
            return r == null ? null : r.endpoint();
        }
    }

    private final Connector connector;
    private final List<Endpoint> seeds;
    private final long timeoutMillis;
    private volatile Snapshot current = new Snapshot(Map.of(), Topology.of(List.of()));
    private final Map<MemberId, Long> mentioned = new HashMap<>();
    /** Members this client refuses (revoked): never taken into the view, whatever nodes still report. */
    private volatile java.util.function.Predicate<MemberId> excluded = id -> false;

    ClusterView(Connector connector, List<Endpoint> seeds, long timeoutMillis) {
        this.connector = connector;
        this.seeds = List.copyOf(seeds);
        this.timeoutMillis = timeoutMillis;
    }

    public Snapshot snapshot() {
        return current;
    }

    /** Asks up to two live nodes (the seeds when none is known) and merges their answers. */
    CompletableFuture<Snapshot> refresh() {
        List<Endpoint> ask = new ArrayList<>();
        List<MemberInfo> live = new ArrayList<>();
        for (MemberInfo r : current.rows.values()) {
            if (r.state() == MemberState.UP) {
                live.add(r);
            }
        }
        Collections.shuffle(live);
        for (MemberInfo r : live) {
            if (ask.size() < 2) {
                ask.add(r.endpoint());
            }
        }
        if (ask.isEmpty()) {
            ask.addAll(seeds);
        }
        List<CompletableFuture<List<MemberInfo>>> answers = new ArrayList<>();
        for (Endpoint ep : ask) {
            answers.add(connector.get(ep, null)
                    .thenCompose(c -> c.send(new Message.GetMembers(0), timeoutMillis))
                    .thenApply(r -> ((Message.Members) r).members())
                    .exceptionally(e -> List.of()));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<List<MemberInfo>> got = new ArrayList<>();
            for (CompletableFuture<List<MemberInfo>> a : answers) {
                got.add(a.join());
            }
            return merge(got);
        });
    }

    private synchronized Snapshot merge(List<List<MemberInfo>> answers) {
        // Start from what we knew: a responder that just started may not know everyone yet, and a
        // member missing from one answer must not vanish from placement (its shards would seem lost).
        Map<MemberId, MemberInfo> rows = new HashMap<>(current.rows);
        long now = System.nanoTime();
        boolean any = false;
        for (List<MemberInfo> a : answers) {
            for (MemberInfo r : a) {
                any = true;
                if (excluded.test(r.id())) {
                    continue;
                }
                mentioned.put(r.id(), now);
                MemberInfo have = rows.get(r.id());
                if (have == null || r.newerThan(have) || (!have.newerThan(r) && r.ageMillis() < have.ageMillis())) {
                    rows.put(r.id(), r);
                }
            }
        }
        if (!any) {
            return current;
        }
        // Forgotten by every node we asked for an hour: gone for good (nodes forget after their own timeout).
        mentioned.entrySet().removeIf(e -> {
            boolean gone = now - e.getValue() > TimeUnit.HOURS.toNanos(1);
            if (gone) {
                rows.remove(e.getKey());
            }
            return gone;
        });
        boolean sameMembers = rows.keySet().equals(current.rows.keySet());
        // Rebuild the topology only when the member set changed or a member's placement inputs did.
        Topology topology = sameMembers && samePlacementInputs(current.rows, rows) ? current.topology
                : Topology.of(new ArrayList<>(rows.values()));
        Snapshot s = new Snapshot(Map.copyOf(rows), topology);
        current = s;
        return s;
    }

    /** True if no member's disk size class or RTT site picture changed enough to matter. */
    private static boolean samePlacementInputs(Map<MemberId, MemberInfo> a, Map<MemberId, MemberInfo> b) {
        for (Map.Entry<MemberId, MemberInfo> e : a.entrySet()) {
            MemberInfo x = e.getValue();
            MemberInfo y = b.get(e.getKey());
            if (y == null || sizeClass(x.health().diskTotal()) != sizeClass(y.health().diskTotal())
                    || farPeers(x) != farPeers(y) || x.rtts().isEmpty() != y.rtts().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static int sizeClass(long bytes) {
        return bytes <= 0 ? 0 : 63 - Long.numberOfLeadingZeros(bytes);
    }

    private static long farPeers(MemberInfo m) {
        return m.rtts().stream().filter(r -> r.micros() > Topology.SITE_RTT_MICROS).count();
    }

    /** Drops the members {@code which} names now, and keeps them out of every later refresh. */
    synchronized void exclude(java.util.function.Predicate<MemberId> which) {
        excluded = which;
        Map<MemberId, MemberInfo> rows = new HashMap<>(current.rows);
        if (rows.keySet().removeIf(which)) {
            current = new Snapshot(Map.copyOf(rows), Topology.of(new ArrayList<>(rows.values())));
        }
    }

    /** Refreshes until {@code n} members are up or the time is over; returns the last snapshot. */
    Snapshot awaitMembers(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Snapshot s;
            try {
                s = refresh().get(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                s = current;
            }
            long up = s.rows.values().stream().filter(r -> r.state() == MemberState.UP).count();
            if (up >= n || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(100);
        }
    }
}
