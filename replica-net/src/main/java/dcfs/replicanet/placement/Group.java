package dcfs.replicanet.placement;

import dcfs.replicanet.MemberId;
import java.util.List;

/**
 * Nodes that hold one copy of a stripe together.
 *
 * @param index position in the topology's group list (stable for a given membership)
 * @param site the RTT site the group was cut from
 * @param members its nodes, in the order they were dealt
 */
public record Group(int index, int site, List<MemberId> members) {
    public Group {
        members = List.copyOf(members);
    }
}
