package dcfs.shardcodec;

import dcfs.shardcodec.rs.NotEnoughShardsException;
import dcfs.shardcodec.rs.ReedSolomon;
import dcfs.shardcodec.v1.ShardHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Collects the verdicts on one stripe's shards as they arrive and rebuilds the stripe once k are
 * authentic — the read path of docs/architecture.md: authenticate each shard on the thread it
 * arrives on ({@link StripeDecoder#authenticate}), {@link #add} the verdict here, and when
 * {@code add} returns true cancel the other requests and {@link #finish}.
 *
 * <p>Thread-safe: every method is synchronized, and none does more than bookkeeping except
 * {@link #finish} (a Reed-Solomon decode when a data shard is missing, and one copy of the stripe).
 * A second authentic copy of an index (shards are replicated in two groups) is ignored.
 */
public final class StripeAssembly {
    private final StripeAddress address;
    private final TreeMap<Integer, OpenedShard> accepted = new TreeMap<>();
    private final List<RejectedShard> rejected = new ArrayList<>();
    /** The first authentic header: every later shard must describe the same stripe layout. */
    private ShardHeader reference;

    public StripeAssembly(StripeAddress address) {
        this.address = address;
    }

    public StripeAddress address() {
        return address;
    }

    /**
     * Records one verdict.
     *
     * @return true once k authentic shards are in, and {@link #finish} will succeed
     * @throws IllegalArgumentException if {@code verdict} was authenticated for another address
     */
    public synchronized boolean add(ShardVerdict verdict) {
        switch (verdict) {
            case RejectedShard r -> rejected.add(r);
            case OpenedShard o -> {
                if (!o.address().equals(address)) {
                    throw new IllegalArgumentException("shard " + o.index() + " was authenticated for " + o.address()
                            + ", not for " + address);
                }
                ShardHeader h = o.header();
                if (reference == null) {
                    reference = h;
                }
                if (!reference.sameLayout(h)) {
                    rejected.add(new RejectedShard(o.index(), new Rejection.Inconsistent(
                            "header " + h + " where shard " + reference.index() + " has " + reference)));
                } else {
                    accepted.putIfAbsent(o.index(), o);
                }
            }
        }
        return ready();
    }

    /** True once k authentic shards are in. */
    public synchronized boolean ready() {
        return reference != null && accepted.size() >= reference.k();
    }

    public synchronized List<RejectedShard> rejected() {
        return List.copyOf(rejected);
    }

    /**
     * Rebuilds the stripe from the authentic shards: a copy when every data shard is in, a
     * Reed-Solomon decode otherwise.
     *
     * @throws StripeUndecodableException if fewer than k shards authenticated, naming the rejected
     *                                    and the missing ones
     */
    public synchronized DecodedStripe finish() throws StripeUndecodableException {
        if (!ready()) {
            throw undecodable(null);
        }
        int k = reference.k();
        int total = k + reference.m();
        int n = reference.shardLength();
        long stripeLength = reference.stripeLength();
        byte[][] shards = new byte[total][];
        boolean[] present = new boolean[total];
        boolean allData = true;
        for (int i = 0; i < total; i++) {
            OpenedShard o = accepted.get(i);
            present[i] = o != null;
            shards[i] = o != null ? o.plaintext() : null;
            allData &= i >= k || present[i];
        }
        if (!allData) {
            for (int i = 0; i < total; i++) {
                if (shards[i] == null) {
                    shards[i] = new byte[n];
                }
            }
            try {
                ReedSolomon.create(k, reference.m()).decodeMissing(shards, present, 0, n);
            } catch (NotEnoughShardsException e) {
                throw new IllegalStateException("k shards are present, yet the codec says " + e.getMessage(), e);
            }
        }
        byte[] data = new byte[(int) stripeLength];
        // A short stripe leaves its last data shards all padding: stop at the stripe's end.
        for (int i = 0; i < k && (long) i * n < stripeLength; i++) {
            long from = (long) i * n;
            System.arraycopy(shards[i], 0, data, (int) from, (int) Math.min(n, stripeLength - from));
        }
        return new DecodedStripe(data, new ArrayList<>(accepted.keySet()), rejected);
    }

    /**
     * The failure to report now.
     *
     * @param missing the absent indices if the caller knows them, else null: then those neither
     *                accepted nor rejected, once a header has said how many there are
     */
    synchronized StripeUndecodableException undecodable(List<Integer> missing) {
        int needed = reference == null ? 0 : reference.k();
        if (missing == null && reference == null) {
            missing = List.of();
        } else if (missing == null) {
            missing = new ArrayList<>();
            for (int i = 0; i < reference.k() + reference.m(); i++) {
                int index = i;
                if (!accepted.containsKey(i) && rejected.stream().noneMatch(r -> r.index() == index)) {
                    missing.add(i);
                }
            }
        }
        return new StripeUndecodableException(address, accepted.size(), needed, rejected, missing);
    }
}
