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
        Map<MemberId, MemberInfo> rows = new HashMap<>();
        boolean any = false;
        for (List<MemberInfo> a : answers) {
            for (MemberInfo r : a) {
                any = true;
                MemberInfo have = rows.get(r.id());
                if (have == null || r.newerThan(have) || (!have.newerThan(r) && r.ageMillis() < have.ageMillis())) {
                    rows.put(r.id(), r);
                }
            }
        }
        if (!any) {
            // Nobody answered: keep the old rows, but nothing in them is fresh any more.
            return current;
        }
        Snapshot s = new Snapshot(Map.copyOf(rows), Topology.of(new ArrayList<>(rows.values())));
        current = s;
        return s;
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
