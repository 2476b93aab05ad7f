package dcfs.replicanet.placement;

import dcfs.replicanet.MemberId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where one stripe's shards go: {@code copies.get(c).get(i)} is the node holding shard {@code i} of
 * copy {@code c} (copy 0 is the primary), or null where no node could take it.
 *
 * @param shape the stripe's shape
 * @param copies one list of k+m nodes (or nulls) per copy placed
 * @param groups the group index of each copy
 * @param underReplicated true unless every one of the R copies has its k+m shards on k+m distinct nodes
 * @param reason why it is under-replicated (empty when it is not)
 */
public record StripePlacement(Shape shape, List<List<MemberId>> copies, List<Integer> groups,
        boolean underReplicated, String reason) {
    public StripePlacement {
        List<List<MemberId>> c = new ArrayList<>();
        for (List<MemberId> copy : copies) {
            c.add(java.util.Collections.unmodifiableList(new ArrayList<>(copy)));
        }
        copies = List.copyOf(c);
        groups = List.copyOf(groups);
    }

    /** The node holding shard {@code index} of copy {@code copy}, or null. */
    public MemberId holder(int copy, int index) {
        return copy < copies.size() ? copies.get(copy).get(index) : null;
    }

    /** Every node holding shard {@code index}, primary copy first. */
    public List<MemberId> holders(int index) {
        List<MemberId> out = new ArrayList<>(copies.size());
        for (List<MemberId> copy : copies) {
            MemberId m = copy.get(index);
            if (m != null && !out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Every node that holds any shard of this stripe. */
    public Set<MemberId> nodes() {
        Set<MemberId> out = new LinkedHashSet<>();
        for (List<MemberId> copy : copies) {
            for (MemberId m : copy) {
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }
}
