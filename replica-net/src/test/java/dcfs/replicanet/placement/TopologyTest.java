package dcfs.replicanet.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.wire.Health;
import dcfs.replicanet.wire.MemberInfo;
import dcfs.replicanet.wire.MemberState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TopologyTest {
    static MemberId id(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return new MemberId(b);
    }

    static Health disk(long total) {
        return new Health(1, 2, 1, 2, 0, 1, 1, 0, 0, total, 0, 0, 0, "t");
    }

    /** {@code n} members all within {@code rttMicros} of each other. */
    static List<MemberInfo> flat(int n, long seed, long rttMicros) {
        Random r = new Random(seed);
        List<MemberId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(id(r));
        }
        List<MemberInfo> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<MemberInfo.Rtt> rtts = new ArrayList<>();
            for (MemberId other : ids) {
                if (!other.equals(ids.get(i))) {
                    rtts.add(new MemberInfo.Rtt(other, rttMicros));
                }
            }
            rows.add(new MemberInfo(ids.get(i), new Endpoint("127.0.0.1", 7000 + i), 1, 1, MemberState.UP, 0,
                    disk(1L << 40), rtts));
        }
        return rows;
    }

    static byte[] key(Random r) {
        byte[] k = new byte[32];
        r.nextBytes(k);
        return k;
    }

    @Test
    void sixNodesMakeTwoGroupsOfThreeWithTwoShardsPerNodePerCopy() {
        Topology t = Topology.of(flat(6, 1, 150));
        Shape shape = Shape.defaults();
        List<Group> groups = t.groups(shape);
        assertEquals(2, groups.size());
        assertEquals(3, groups.get(0).members().size());
        assertEquals(3, groups.get(1).members().size());
        Random r = new Random(2);
        for (int s = 0; s < 200; s++) {
            StripePlacement p = t.place(key(r), shape);
            assertEquals(2, p.copies().size());
            assertNotEquals(p.groups().get(0), p.groups().get(1));
            assertTrue(p.underReplicated());
            for (List<MemberId> copy : p.copies()) {
                Map<MemberId, Integer> per = new HashMap<>();
                copy.forEach(m -> per.merge(m, 1, Integer::sum));
                assertEquals(3, per.size());
                per.values().forEach(c -> assertEquals(2, c));
            }
        }
    }

    @Test
    void twelveNodesHoldTwoFullCopies() {
        Topology t = Topology.of(flat(12, 3, 150));
        StripePlacement p = t.place(new byte[] {1, 2, 3}, Shape.defaults());
        assertFalse(p.underReplicated(), p.reason());
        assertEquals(12, p.nodes().size());
    }

    @Test
    void farSitesAreNotMixedInOneGroup() {
        // Two sites of 6, 80 ms apart: each site is its own group.
        List<MemberInfo> a = flat(6, 4, 200);
        List<MemberInfo> b = flat(6, 5, 200);
        List<MemberInfo> all = new ArrayList<>();
        for (List<MemberInfo> side : List.of(a, b)) {
            List<MemberInfo> other = side == a ? b : a;
            for (MemberInfo m : side) {
                List<MemberInfo.Rtt> rtts = new ArrayList<>(m.rtts());
                for (MemberInfo o : other) {
                    rtts.add(new MemberInfo.Rtt(o.id(), 80_000));
                }
                all.add(new MemberInfo(m.id(), m.endpoint(), 1, 1, MemberState.UP, 0, m.health(), rtts));
            }
        }
        List<Group> groups = Topology.of(all).groups(Shape.defaults());
        assertEquals(2, groups.size());
        Set<MemberId> siteA = new HashSet<>(a.stream().map(MemberInfo::id).toList());
        for (Group g : groups) {
            long inA = g.members().stream().filter(siteA::contains).count();
            assertTrue(inA == 0 || inA == g.members().size(), "a group lies in one site");
        }
    }

    @Property(tries = 200)
    void placementIsDeterministicBalancedAndNeverGivesANodeKShards(@ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 6) int k, @ForAll @IntRange(min = 1, max = 4) int m,
            @ForAll @IntRange(min = 1, max = 3) int replicas, @ForAll long seed) {
        Shape shape = new Shape(k, m, replicas);
        List<MemberInfo> rows = flat(n, seed, 100);
        Topology t = Topology.of(rows);
        List<MemberInfo> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed + 1));
        Topology t2 = Topology.of(shuffled);
        assertEquals(t.groups(shape), t2.groups(shape), "same rows, same groups, whatever the order");
        List<Group> groups = t.groups(shape);
        int min = groups.stream().mapToInt(g -> g.members().size()).min().orElse(0);
        int max = groups.stream().mapToInt(g -> g.members().size()).max().orElse(0);
        assertTrue(max - min <= 1, "balanced groups: " + min + ".." + max);
        assertEquals(n, groups.stream().mapToInt(g -> g.members().size()).sum());
        Random r = new Random(seed);
        for (int s = 0; s < 20; s++) {
            byte[] key = key(r);
            StripePlacement p = t.place(key, shape);
            assertEquals(p, t2.place(key, shape));
            Map<MemberId, Integer> per = new HashMap<>();
            for (List<MemberId> copy : p.copies()) {
                for (MemberId id : copy) {
                    if (id != null) {
                        per.merge(id, 1, Integer::sum);
                    }
                }
            }
            if (k > 1) {
                per.values().forEach(c -> assertTrue(c < k, "a node holds " + c + " shards with k=" + k));
            }
            boolean full = n >= replicas * (k + m);
            assertEquals(!full, p.underReplicated(), p.reason());
            Set<Integer> used = new HashSet<>(p.groups());
            assertEquals(p.groups().size(), used.size(), "copies on distinct groups");
        }
    }
}
