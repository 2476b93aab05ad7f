package dcfs.vfs.upkeep;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.placement.StripePlacement;
import dcfs.shardcodec.v1.ShardHeader;
import dcfs.vfs.store.NetworkStripeStore;
import java.util.ArrayList;
import java.util.List;

/**
 * What one stripe was found to be: the state of each copy where placement wants it
 * ({@code state[copy][index]}), copies found elsewhere, and — after a read — the bytes of one
 * authentic copy of each shard (what repair copies from). Filled by one worker, then read.
 */
final class Examination {
    /** A copy found off placement (moved placement, a hand-off): {@code bytes} if read and authentic. */
    record Extra(int index, MemberId node, byte[] bytes) {
    }

    final StoredStripe stripe;
    final NetworkStripeStore.Named names;
    final StripePlacement placement;
    final int k;
    final CopyState[][] state;
    final String[][] detail;
    final MemberId[][] node;
    /** Per index: an authentic copy's bytes (scrub), null if none was read. */
    final byte[][] authentic;
    /** Per index: a good copy exists somewhere (placed or extra). */
    final boolean[] good;
    /** The header of an authentic shard (its layout is what repair re-seals with), or null. */
    ShardHeader header;
    final List<Extra> extras = new ArrayList<>();
    long bytesRead;
    /** The metadata no longer points at this stripe (rewritten meanwhile): nothing to report or fix. */
    boolean changed;

    Examination(StoredStripe stripe, NetworkStripeStore.Named names, StripePlacement placement, int k, int copies,
            int width) {
        this.stripe = stripe;
        this.names = names;
        this.placement = placement;
        this.k = k;
        this.state = new CopyState[copies][width];
        this.detail = new String[copies][width];
        this.node = new MemberId[copies][width];
        this.authentic = new byte[width][];
        this.good = new boolean[width];
    }

    int width() {
        return good.length;
    }

    int copies() {
        return state.length;
    }

    int goodShards() {
        int n = 0;
        for (boolean g : good) {
            n += g ? 1 : 0;
        }
        return n;
    }

    Condition condition() {
        boolean whole = true;
        for (CopyState[] copy : state) {
            for (CopyState s : copy) {
                whole &= s == CopyState.OK;
            }
        }
        if (whole) {
            return Condition.WHOLE;
        }
        return goodShards() >= k ? Condition.DEGRADED : Condition.LOST;
    }

    /** One line per copy that is not OK, and per extra copy: "shard 2 copy 1 on 1a2b…: missing". */
    List<String> describeProblems() {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < copies(); c++) {
            for (int i = 0; i < width(); i++) {
                if (state[c][i] != CopyState.OK) {
                    out.add("shard " + i + " copy " + c + (node[c][i] == null ? "" : " on " + node[c][i].shortForm())
                            + ": " + state[c][i].name().toLowerCase(java.util.Locale.ROOT)
                            + (detail[c][i] == null ? "" : " (" + detail[c][i] + ")"));
                }
            }
        }
        for (Extra e : extras) {
            out.add("shard " + e.index() + " also on " + e.node().shortForm() + " (not where placement wants it)");
        }
        return out;
    }
}
