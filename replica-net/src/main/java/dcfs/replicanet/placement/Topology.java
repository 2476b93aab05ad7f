package dcfs.replicanet.placement;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.wire.MemberInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The placement function: from the membership rows (the same on every client that has the same
 * view) to groups, and from a stripe's placement key to the nodes of its shards. Nothing but the
 * rows and the key goes in, so any client finds shards without a central map.
 *
 * <p>Placement runs over every member in the table, whatever its liveness: a node that is down for
 * a while keeps its place (its shards come back with it, and readers skip it meanwhile); only a
 * member forgotten by membership or revoked leaves placement. That keeps the shards of old stripes
 * where placement says they are across transient failures, as Dynamo's preference lists do.
 *
 * <h2>Groups</h2>
 * <ol>
 * <li>Sites: members whose measured round-trip time is at most {@link #SITE_RTT_MICROS} are joined
 * (single linkage; the smaller of the two directions' minimum RTTs; unmeasured pairs count as near).
 * <li>Each site of s members gets max(1, ⌊s/(k+m)⌋) groups; while the whole network has fewer
 * groups than the R copies need, the site with the most members per group gets one more, as long
 * as it has members to spare.
 * <li>Within a site, members are dealt to its groups in a snake order sorted by capacity (disk size
 * class, largest first), then by a hash of their id: groups come out of equal size ±1 and of
 * balanced capacity, deterministically (on loopback, where all RTTs are equal, this is all there is).
 * </ol>
 *
 * <h2>Stripes</h2>
 * Copy c of a stripe goes to the group with the c-th highest rendezvous score (a group's score is
 * its best member's score for the key). Within the group, members are ranked by their score and
 * shard i goes to the (i mod size)-th, but no node gets k-1 + 1 = k shards of one stripe: what does
 * not fit stays unplaced. A stripe is under-replicated unless it has R copies, each on k+m distinct
 * nodes.
 *
 * <p>Immutable and thread-safe; groups are cached per shape.
 */
public final class Topology {
    /**
     * Members closer than this (minimum RTT, µs) are one site: far above any LAN or a loaded
     * loopback, well below the RTT between cities.
     */
    public static final long SITE_RTT_MICROS = 20_000;

    private final List<MemberInfo> members;
    private final Map<MemberId, Long> idHash = new HashMap<>();
    private final Map<Shape, List<Group>> groupsByShape = new ConcurrentHashMap<>();
    private final Map<Shape, Map<MemberId, Integer>> groupOfByShape = new ConcurrentHashMap<>();

    private Topology(List<MemberInfo> members) {
        List<MemberInfo> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(MemberInfo::id));
        this.members = List.copyOf(sorted);
        for (MemberInfo m : this.members) {
            idHash.put(m.id(), mix(longAt(m.id().unsafeBytes(), 0) ^ Long.rotateLeft(longAt(m.id().unsafeBytes(), 8), 29)));
        }
    }

    /** The topology of these rows (duplicates by id are not allowed). */
    public static Topology of(List<MemberInfo> rows) {
        return new Topology(rows);
    }

    public List<MemberInfo> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    /** The groups for stripes of {@code shape}'s width and copies. */
    public List<Group> groups(Shape shape) {
        return groupsByShape.computeIfAbsent(shape, this::computeGroups);
    }

    /** The group index of {@code id} for {@code shape}, or -1. */
    public int groupOf(MemberId id, Shape shape) {
        Map<MemberId, Integer> m = groupOfByShape.computeIfAbsent(shape, x -> {
            Map<MemberId, Integer> out = new HashMap<>();
            for (Group g : groups(shape)) {
                for (MemberId id2 : g.members()) {
                    out.put(id2, g.index());
                }
            }
            return out;
        });
        return m.getOrDefault(id, -1);
    }

    private List<Group> computeGroups(Shape shape) {
        int width = shape.totalShards();
        int replicas = shape.replicas();
        int n = members.size();
        if (n == 0) {
            return List.of();
        }
        // The fewest members a group needs to hold one copy without any node reaching k shards.
        int minGroup = (int) Math.ceil((double) width / Math.max(1, shape.dataShards() - 1));
        long[][] rtt = rttMatrix();
        List<List<Integer>> siteIdx = mergeSmallSites(sites(rtt), rtt, minGroup);
        List<List<MemberInfo>> sites = new ArrayList<>();
        for (List<Integer> site : siteIdx) {
            sites.add(site.stream().map(members::get).toList());
        }
        int[] count = new int[sites.size()];
        int total = 0;
        for (int s = 0; s < sites.size(); s++) {
            count[s] = Math.max(1, sites.get(s).size() / width);
            total += count[s];
        }
        while (total < replicas) {
            // Split the site with the most members per group, preferring splits that leave groups
            // big enough for a whole copy; else any split at all (placement as well as possible).
            int best = -1;
            for (boolean strict : new boolean[] {true, false}) {
                for (int s = 0; s < sites.size(); s++) {
                    int size = sites.get(s).size();
                    boolean can = strict ? size / (count[s] + 1) >= minGroup : size > count[s];
                    if (can && (best < 0 || (double) size / count[s] > (double) sites.get(best).size() / count[best])) {
                        best = s;
                    }
                }
                if (best >= 0) {
                    break;
                }
            }
            if (best < 0) {
                break;
            }
            count[best]++;
            total++;
        }
        List<Group> groups = new ArrayList<>();
        for (int s = 0; s < sites.size(); s++) {
            List<MemberInfo> site = new ArrayList<>(sites.get(s));
            site.sort(Comparator.comparingInt((MemberInfo m) -> -capacityClass(m))
                    .thenComparingLong(m -> idHash.get(m.id()))
                    .thenComparing(MemberInfo::id));
            List<List<MemberId>> dealt = new ArrayList<>();
            for (int g = 0; g < count[s]; g++) {
                dealt.add(new ArrayList<>());
            }
            for (int i = 0; i < site.size(); i++) {
                int lap = i / count[s];
                int pos = i % count[s];
                int g = lap % 2 == 0 ? pos : count[s] - 1 - pos;
                dealt.get(g).add(site.get(i).id());
            }
            for (List<MemberId> d : dealt) {
                groups.add(new Group(groups.size(), s, d));
            }
        }
        return List.copyOf(groups);
    }

    /** Disk size class: log2 of the disk size, so small differences between equal disks do not matter. */
    private static int capacityClass(MemberInfo m) {
        long total = m.health().diskTotal();
        return total <= 0 ? 0 : 63 - Long.numberOfLeadingZeros(total);
    }

    /** Median RTTs between members (the smaller direction), -1 where neither measured. */
    private long[][] rttMatrix() {
        int n = members.size();
        Map<MemberId, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(members.get(i).id(), i);
        }
        long[][] rtt = new long[n][n];
        for (long[] row : rtt) {
            Arrays.fill(row, -1);
        }
        for (int i = 0; i < n; i++) {
            for (MemberInfo.Rtt r : members.get(i).rtts()) {
                Integer j = index.get(r.peer());
                if (j != null) {
                    rtt[i][j] = rtt[i][j] < 0 ? r.micros() : Math.min(rtt[i][j], r.micros());
                    rtt[j][i] = rtt[i][j];
                }
            }
        }
        return rtt;
    }

    /** Single-linkage clusters of members within {@link #SITE_RTT_MICROS}, as member indexes. */
    private List<List<Integer>> sites(long[][] rtt) {
        int n = members.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (rtt[i][j] < 0 || rtt[i][j] <= SITE_RTT_MICROS) {
                    union(parent, i, j);
                }
            }
        }
        Map<Integer, List<Integer>> byRoot = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            byRoot.computeIfAbsent(find(parent, i), x -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(byRoot.values());
    }

    /**
     * Folds sites too small to hold a copy into their nearest site (by the smallest RTT between
     * them; the largest site when nothing is measured), smallest first, until none is left or only
     * one site remains.
     */
    private static List<List<Integer>> mergeSmallSites(List<List<Integer>> sites, long[][] rtt, int minGroup) {
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> s : sites) {
            out.add(new ArrayList<>(s));
        }
        while (out.size() > 1) {
            int small = -1;
            for (int s = 0; s < out.size(); s++) {
                if (out.get(s).size() < minGroup && (small < 0 || out.get(s).size() < out.get(small).size())) {
                    small = s;
                }
            }
            if (small < 0) {
                break;
            }
            int into = -1;
            long bestRtt = Long.MAX_VALUE;
            for (int s = 0; s < out.size(); s++) {
                if (s == small) {
                    continue;
                }
                for (int a : out.get(small)) {
                    for (int b : out.get(s)) {
                        long r = rtt[a][b] < 0 ? Long.MAX_VALUE - 1 : rtt[a][b];
                        if (into < 0 || r < bestRtt || (r == bestRtt && out.get(s).size() > out.get(into).size())) {
                            into = s;
                            bestRtt = r;
                        }
                    }
                }
            }
            out.get(into).addAll(out.remove(small));
            if (into > small) {
                into--;
            }
            out.get(into).sort(null);
        }
        out.sort(java.util.Comparator.comparingInt(l -> l.get(0)));
        return out;
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) {
            p[i] = p[p[i]];
            i = p[i];
        }
        return i;
    }

    private static void union(int[] p, int a, int b) {
        int ra = find(p, a);
        int rb = find(p, b);
        if (ra != rb) {
            p[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /** Where the shards of the stripe with this placement key go. */
    public StripePlacement place(byte[] placementKey, Shape shape) {
        List<Group> groups = groups(shape);
        long key = keyHash(placementKey);
        int width = shape.totalShards();
        int cap = Math.max(1, shape.dataShards() - 1);
        // Rank groups by their best member's score.
        List<Group> ranked = new ArrayList<>(groups);
        Map<Group, Long> groupScore = new HashMap<>();
        for (Group g : groups) {
            long best = Long.MIN_VALUE;
            for (MemberId m : g.members()) {
                best = Math.max(best, score(key, m) ^ Long.MIN_VALUE);
            }
            groupScore.put(g, best);
        }
        ranked.sort(Comparator.comparingLong((Group g) -> groupScore.get(g)).reversed()
                .thenComparingInt(Group::index));
        List<List<MemberId>> copies = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        List<String> why = new ArrayList<>();
        if (ranked.size() < shape.replicas()) {
            why.add(ranked.size() + " group(s) for " + shape.replicas() + " copies");
        }
        for (int c = 0; c < Math.min(shape.replicas(), ranked.size()); c++) {
            Group g = ranked.get(c);
            List<MemberId> nodes = rankMembers(key, g.members());
            MemberId[] copy = new MemberId[width];
            Map<MemberId, Integer> held = new HashMap<>();
            int unplaced = 0;
            for (int i = 0; i < width; i++) {
                MemberId m = nodes.get(i % nodes.size());
                int h = held.getOrDefault(m, 0);
                if (h >= cap && width > 1) {
                    unplaced++;
                    continue;
                }
                held.put(m, h + 1);
                copy[i] = m;
            }
            if (nodes.size() < width) {
                why.add("copy " + c + " on " + nodes.size() + " node(s) for " + width + " shards"
                        + (unplaced > 0 ? ", " + unplaced + " shard(s) unplaced" : ""));
            }
            copies.add(Arrays.asList(copy));
            used.add(g.index());
        }
        return new StripePlacement(shape, copies, used, !why.isEmpty(), String.join("; ", why));
    }

    /** Every member, best rendezvous score for the key first: where to look when placement misses. */
    public List<MemberId> candidates(byte[] placementKey) {
        long key = keyHash(placementKey);
        List<MemberId> all = new ArrayList<>(members.size());
        for (MemberInfo m : members) {
            all.add(m.id());
        }
        return rankMembers(key, all);
    }

    private List<MemberId> rankMembers(long key, List<MemberId> ids) {
        List<MemberId> out = new ArrayList<>(ids);
        out.sort(Comparator.comparingLong((MemberId m) -> score(key, m) ^ Long.MIN_VALUE).reversed()
                .thenComparing(Comparator.naturalOrder()));
        return out;
    }

    private long score(long key, MemberId m) {
        return mix(key ^ idHash.get(m) * 0x9E3779B97F4A7C15L);
    }

    private static long keyHash(byte[] placementKey) {
        long h = 0x243F6A8885A308D3L;
        for (int i = 0; i + 8 <= placementKey.length; i += 8) {
            h = mix(h ^ longAt(placementKey, i));
        }
        int rest = placementKey.length % 8;
        if (rest != 0) {
            long tail = 0;
            for (int i = placementKey.length - rest; i < placementKey.length; i++) {
                tail = (tail << 8) | (placementKey[i] & 0xFF);
            }
            h = mix(h ^ tail ^ ((long) rest << 56));
        }
        return mix(h ^ placementKey.length);
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit over the output. */
    static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xff51afd7ed558ccdL;
        z ^= z >>> 33;
        z *= 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return z;
    }
}
