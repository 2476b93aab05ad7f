package dcfs.shardcodec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Fewer than k shards of a stripe authenticate: the stripe (or the asked range of it) cannot be
 * rebuilt from what was given. Names every shard that was rejected, and why, and every one that
 * was missing, so the message alone tells an operator what to look at.
 */
public final class StripeUndecodableException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<RejectedShard> rejected;
    private final transient List<Integer> missing;
    private final int authentic;
    private final int needed;

    /**
     * @param needed k, or 0 if no shard was readable enough to say
     */
    public StripeUndecodableException(StripeAddress address, int authentic, int needed,
                                      List<RejectedShard> rejected, List<Integer> missing) {
        super(message(address, authentic, needed, rejected, missing));
        this.rejected = List.copyOf(rejected);
        this.missing = List.copyOf(missing);
        this.authentic = authentic;
        this.needed = needed;
    }

    private static String message(StripeAddress address, int authentic, int needed, List<RejectedShard> rejected,
                                  List<Integer> missing) {
        StringBuilder sb = new StringBuilder("cannot decode stripe ").append(address.stripe())
                .append(" (generation ").append(address.generation()).append("): ");
        if (needed > 0) {
            sb.append(authentic).append(" of ").append(needed).append(" needed shards authenticate");
        } else {
            sb.append("no shard authenticates");
        }
        if (!rejected.isEmpty()) {
            sb.append("; rejected: ").append(rejected.stream().map(RejectedShard::toString)
                    .collect(Collectors.joining(", ")));
        }
        if (!missing.isEmpty()) {
            sb.append("; missing: ").append(missing.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }

    public List<RejectedShard> rejected() {
        return rejected;
    }

    public List<Integer> missing() {
        return missing;
    }

    public int authentic() {
        return authentic;
    }

    public int needed() {
        return needed;
    }
}
