package dcfs.replicanet.membership;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.wire.Health;
import dcfs.replicanet.wire.MemberInfo;
import dcfs.replicanet.wire.MemberState;
import dcfs.replicanet.wire.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's view of the network: who the members are, where they listen, what they last reported,
 * whether they are alive, and the round-trip times this node measures to them.
 *
 * <p>Protocol (docs/wire-protocol.md, "Membership"): every {@link MembershipConfig#interval()} the
 * node increments its heartbeat, measures its host, and pushes its whole table to
 * {@link MembershipConfig#fanout()} random members (and to its --join seeds until it knows someone);
 * the receiver merges the rows and answers with its own table, which the sender merges too
 * (push-pull, as in Scuttlebutt/Cassandra). A row replaces the stored one only if its member's own
 * (incarnation, heartbeat) is newer. Liveness is judged locally: a member whose heartbeat has not
 * grown for {@code suspectAfter} is suspect, for {@code downAfter} down, for {@code forgetAfter}
 * forgotten. Every message travels over the mutually authenticated TLS connections of the node
 * protocol, and nodes accept GOSSIP only from peers holding a node certificate of the network: no
 * party the network did not admit can add or change a row.
 *
 * <p>Thread-safety: all table state is guarded by {@code this}.
 */
public final class Membership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    private static final int RTT_WINDOW = 8;

    private final MemberId self;
    private final Endpoint advertised;
    private final MembershipConfig config;
    private final Supplier<Health> health;
    private final Connector connector;
    private final List<Endpoint> seeds;
    private final java.util.function.Predicate<MemberId> revoked;
    private final long incarnation = System.currentTimeMillis();
    private final Map<MemberId, Row> table = new HashMap<>();
    private final Map<MemberId, long[]> rttSamples = new HashMap<>();
    private final ScheduledExecutorService timer;
    private long heartbeat;
    private Health lastHealth = Health.unknown();
    private int round;

    private static final class Row {
        MemberInfo info;
        long grewAtNanos;

        Row(MemberInfo info, long grewAtNanos) {
            this.info = info;
            this.grewAtNanos = grewAtNanos;
        }
    }

    public Membership(MemberId self, Endpoint advertised, MembershipConfig config, Supplier<Health> health,
            Connector connector, List<Endpoint> seeds) {
        this(self, advertised, config, health, connector, seeds, id -> false);
    }

    /**
     * @param revoked members to keep out of the table (and so out of placement) whatever peers
     *     that have not seen the newest revocation list still gossip
     */
    public Membership(MemberId self, Endpoint advertised, MembershipConfig config, Supplier<Health> health,
            Connector connector, List<Endpoint> seeds, java.util.function.Predicate<MemberId> revoked) {
        this.revoked = revoked;
        this.self = self;
        this.advertised = advertised;
        this.config = config;
        this.health = health;
        this.connector = connector;
        this.seeds = List.copyOf(seeds);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("dcfs-membership").daemon(true).factory());
    }

    public MemberId self() {
        return self;
    }

    /** Starts the gossip rounds; the first one runs at once. */
    public void start() {
        synchronized (this) {
            lastHealth = health.get();
        }
        long ms = config.interval().toMillis();
        timer.scheduleWithFixedDelay(this::roundSafely, 0, ms, TimeUnit.MILLISECONDS);
    }

    private void roundSafely() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("gossip round failed", e);
        }
    }

    private void round() {
        List<MemberInfo> rows;
        List<MemberInfo> targets = new ArrayList<>();
        List<MemberInfo> probe = new ArrayList<>();
        boolean lonely;
        synchronized (this) {
            heartbeat++;
            round++;
            lastHealth = health.get();
            forgetOld();
            rows = rowsLocked();
            List<MemberInfo> live = new ArrayList<>();
            List<MemberInfo> down = new ArrayList<>();
            for (MemberInfo r : rows) {
                if (r.id().equals(self)) {
                    continue;
                }
                (r.state() == MemberState.DOWN ? down : live).add(r);
                // Probe the dead now and then, so a node that comes back is seen even if it only knows seeds.
                if (r.state() != MemberState.DOWN || round % 5 == 0) {
                    probe.add(r);
                }
            }
            Collections.shuffle(live);
            targets.addAll(live.subList(0, Math.min(config.fanout(), live.size())));
            if (!down.isEmpty() && round % 5 == 0) {
                targets.add(down.get(ThreadLocalRandom.current().nextInt(down.size())));
            }
            lonely = live.isEmpty();
        }
        for (MemberInfo t : targets) {
            gossip(t.endpoint(), t.id(), rows);
        }
        if (lonely || round % 10 == 0) {
            for (Endpoint s : seeds) {
                if (!s.equals(advertised)) {
                    gossip(s, null, rows);
                }
            }
        }
        for (MemberInfo p : probe) {
            ping(p);
        }
    }

    private void gossip(Endpoint to, MemberId expected, List<MemberInfo> rows) {
        long timeout = Math.max(1000, config.interval().toMillis() * 2);
        connector.get(to, expected)
                .thenCompose(c -> c.send(new Message.Gossip(0, rows), timeout))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        LOG.debug("gossip to {} failed: {}", to, Connector.rootMessage(e));
                    } else if (r instanceof Message.Members m) {
                        merge(m.members());
                    }
                });
    }

    private void ping(MemberInfo m) {
        long timeout = Math.max(1000, config.interval().toMillis() * 2);
        long start = System.nanoTime();
        connector.get(m.endpoint(), m.id())
                .thenCompose(c -> {
                    long sent = System.nanoTime();
                    return c.send(new Message.Ping(0, sent), timeout).thenApply(r -> System.nanoTime() - sent);
                })
                .whenComplete((nanos, e) -> {
                    if (e == null) {
                        recordRtt(m.id(), nanos / 1000);
                    } else {
                        LOG.debug("ping {} failed after {} ms: {}", m.id(), (System.nanoTime() - start) / 1_000_000,
                                Connector.rootMessage(e));
                    }
                });
    }

    private synchronized void recordRtt(MemberId peer, long micros) {
        long[] w = rttSamples.computeIfAbsent(peer, k -> new long[RTT_WINDOW + 1]);
        int n = (int) w[RTT_WINDOW];
        w[n % RTT_WINDOW] = Math.max(1, micros);
        w[RTT_WINDOW] = n + 1;
    }

    /**
     * The smallest of the recent samples, or -1. Load (a busy CPU, GC, queued requests) only ever
     * adds delay, so the minimum estimates the path itself; placement's sites must not move because
     * a node was busy for a few seconds.
     */
    private long rttMicros(MemberId peer) {
        long[] w = rttSamples.get(peer);
        if (w == null || w[RTT_WINDOW] == 0) {
            return -1;
        }
        int n = (int) Math.min(RTT_WINDOW, w[RTT_WINDOW]);
        long[] s = Arrays.copyOf(w, n);
        Arrays.sort(s);
        return s[0];
    }

    /** Merges rows received from a peer (gossip push or reply). */
    public synchronized void merge(List<MemberInfo> rows) {
        long now = System.nanoTime();
        for (MemberInfo r : rows) {
            if (r.id().equals(self) || revoked.test(r.id())) {
                continue;
            }
            Row existing = table.get(r.id());
            if (existing == null) {
                table.put(r.id(), new Row(r, now));
                LOG.info("member {} at {} joined the view", r.id().shortForm(), r.endpoint());
            } else if (r.newerThan(existing.info)) {
                existing.info = r;
                existing.grewAtNanos = now;
            }
        }
    }

    /** Drops revoked members from the table now (after a newer revocation list was taken). */
    public synchronized void dropRevoked() {
        table.values().removeIf(r -> {
            boolean gone = revoked.test(r.info.id());
            if (gone) {
                LOG.info("member {} removed: revoked", r.info.id().shortForm());
                rttSamples.remove(r.info.id());
            }
            return gone;
        });
    }

    private void forgetOld() {
        long now = System.nanoTime();
        table.values().removeIf(r -> {
            boolean forget = now - r.grewAtNanos > config.forgetAfter().toNanos();
            if (forget) {
                LOG.info("member {} forgotten after {} without a report", r.info.id().shortForm(), config.forgetAfter());
            }
            return forget;
        });
    }

    private MemberState stateOf(long ageNanos) {
        if (ageNanos >= config.downAfter().toNanos()) {
            return MemberState.DOWN;
        }
        return ageNanos >= config.suspectAfter().toNanos() ? MemberState.SUSPECT : MemberState.UP;
    }

    /** The table as gossip and GET_MEMBERS carry it: our own fresh row first, states by our clock. */
    public synchronized List<MemberInfo> rows() {
        return rowsLocked();
    }

    private List<MemberInfo> rowsLocked() {
        long now = System.nanoTime();
        List<MemberInfo.Rtt> rtts = new ArrayList<>();
        for (Map.Entry<MemberId, long[]> e : rttSamples.entrySet()) {
            // Reported only once a full window is in: a freshly started JVM answers slowly for a
            // while, and placement must not cut a site around it for that.
            if (e.getValue()[RTT_WINDOW] < RTT_WINDOW) {
                continue;
            }
            MemberId peer = e.getKey();
            long r = rttMicros(peer);
            if (r > 0 && rtts.size() < MemberInfo.MAX_RTTS) {
                rtts.add(new MemberInfo.Rtt(peer, r));
            }
        }
        List<MemberInfo> out = new ArrayList<>(table.size() + 1);
        out.add(new MemberInfo(self, advertised, incarnation, heartbeat, MemberState.UP, 0, lastHealth, rtts));
        for (Row r : table.values()) {
            if (out.size() >= MemberInfo.MAX_MEMBERS) {
                break;
            }
            long age = now - r.grewAtNanos;
            MemberInfo i = r.info;
            out.add(new MemberInfo(i.id(), i.endpoint(), i.incarnation(), i.heartbeat(), stateOf(age),
                    TimeUnit.NANOSECONDS.toMillis(age), i.health(), i.rtts()));
        }
        return out;
    }

    /** Our measured RTT to {@code peer} in microseconds, or -1 if not measured yet. */
    public synchronized long rttTo(MemberId peer) {
        return rttMicros(peer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
