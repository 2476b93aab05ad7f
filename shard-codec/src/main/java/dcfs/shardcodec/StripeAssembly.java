package dcfs.shardcodec;

import dcfs.shardcodec.rs.NotEnoughShardsException;
import dcfs.shardcodec.rs.ReedSolomon;
import dcfs.shardcodec.v1.ShardHeader;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Collects one stripe's shards as they arrive and rebuilds the stripe once k are authentic — the
 * read path of docs/architecture.md: on whatever thread a shard arrives, call
 * {@link StripeDecoder#authenticateInto}(this, …); when {@link #ready} turns true, cancel the other
 * requests and {@link #finish}. Data shards are decrypted straight into the stripe buffer, so when
 * the k data shards arrive, finishing costs nothing; otherwise it is one Reed-Solomon decode.
 *
 * <p>Verdicts from {@link StripeDecoder#authenticate} (their own plaintext buffers) may be added
 * with {@link #add} too. A second authentic copy of an index (shards are replicated in two groups)
 * is ignored.
 *
 * <p>Thread-safe. Locking: every field below is guarded by {@code this}. A data shard being
 * decrypted into the stripe buffer holds a claim on its index, so no two threads write one region
 * (the JDK zeroes its output when a tag fails, which would wipe another copy's good bytes);
 * {@link #finish} waits for outstanding claims — at most the decryption of a shard each — so the
 * buffer it hands out is never written again.
 */
public final class StripeAssembly {
    private final StripeAddress address;
    private final TreeMap<Integer, OpenedShard> accepted = new TreeMap<>();
    private final List<RejectedShard> rejected = new ArrayList<>();
    /** Data shards being decrypted into {@link #stripe} right now. */
    private final BitSet claimed = new BitSet();
    /** The first trusted header: every later shard must describe the same stripe layout. */
    private ShardHeader reference;
    /** L bytes, allocated once a header is trusted. */
    private byte[] stripe;
    private DecodedStripe result;

    private final IntFunction<byte[]> stripeArrays;
    private final ArrayLender shardArrays;

    public StripeAssembly(StripeAddress address) {
        this(address, byte[]::new, ArrayLender.ALLOCATE);
    }

    /**
     * @param stripeArrays where the stripe buffer comes from (asked once, for the stripe's length);
     *                     may lend a used array: every byte of the stripe is written before
     *                     {@link #finish} returns it
     * @param shardArrays  where shard-sized scratch comes from when the stripe is decoded around a
     *                     missing data shard (plaintexts opened whole, the codec's inputs and
     *                     outputs), and goes back to once {@link #finish} is done with it: a read
     *                     that a parity shard won would otherwise leave k + 1 shard-sized arrays to
     *                     the collector
     */
    public StripeAssembly(StripeAddress address, IntFunction<byte[]> stripeArrays, ArrayLender shardArrays) {
        this.address = address;
        this.stripeArrays = stripeArrays;
        this.shardArrays = shardArrays;
    }

    /** A shard-sized array for a plaintext opened whole into this assembly (see {@link #finish}). */
    byte[] lendShard(int length) {
        return shardArrays.apply(length);
    }

    public StripeAddress address() {
        return address;
    }

    /**
     * Records a verdict from {@link StripeDecoder#authenticate} ({@code authenticateInto} records
     * its own).
     *
     * @return true once k authentic shards are in, and {@link #finish} will succeed
     * @throws IllegalArgumentException if {@code verdict} was authenticated for another address or
     *                                  decrypted into another assembly
     */
    public synchronized boolean add(ShardVerdict verdict) {
        record(verdict);
        return ready();
    }

    /**
     * {@link #add} for a verdict whose plaintext {@link #lendShard} lent: handed back at once if the
     * assembly does not keep it (a second copy of an index, a layout that disagrees, a stripe
     * already finished).
     */
    synchronized void addLent(ShardVerdict verdict) {
        if (!record(verdict) && verdict instanceof OpenedShard o) {
            shardArrays.giveBack(o.plaintext());
        }
    }

    void giveBackShard(byte[] lent) {
        shardArrays.giveBack(lent);
    }

    /** @return whether an opened shard was kept */
    private boolean record(ShardVerdict verdict) {
        switch (verdict) {
            case RejectedShard r -> rejected.add(r);
            case OpenedShard o -> {
                if (!o.address().equals(address)) {
                    throw new IllegalArgumentException("shard " + o.index() + " was authenticated for " + o.address()
                            + ", not for " + address);
                }
                if (o.plaintext() == null && accepted.get(o.index()) != o) {
                    throw new IllegalArgumentException("shard " + o.index() + " was decrypted into another assembly");
                }
                Rejection inconsistent = checkLayout(o.header());
                if (inconsistent != null) {
                    rejected.add(new RejectedShard(o.index(), inconsistent));
                } else if (result == null) {
                    return accepted.putIfAbsent(o.index(), o) == null || accepted.get(o.index()) == o;
                }
            }
        }
        return false;
    }

    /** True once k authentic shards are in. */
    public synchronized boolean ready() {
        return reference != null && accepted.size() >= reference.k();
    }

    public synchronized List<RejectedShard> rejected() {
        return List.copyOf(rejected);
    }

    /**
     * Rebuilds the stripe from the authentic shards. Waits first for shards still being decrypted
     * into the stripe buffer; calling it again returns the same result.
     *
     * @return the stripe; its buffer is the caller's, nothing writes it after this returns
     * @throws StripeUndecodableException if fewer than k shards authenticated, naming the rejected
     *                                    and the missing ones
     */
    public synchronized DecodedStripe finish() throws StripeUndecodableException {
        if (result != null) {
            return result;
        }
        boolean interrupted = false;
        while (!claimed.isEmpty()) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // the wait is one shard's decryption; finish it, then re-assert
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!ready()) {
            throw undecodable(null);
        }
        int k = reference.k();
        int total = k + reference.m();
        int n = reference.shardLength();
        if (stripe == null) {
            stripe = stripeArrays.apply((int) reference.stripeLength());
        }
        boolean allData = true;
        for (int i = 0; i < k; i++) {
            OpenedShard o = accepted.get(i);
            if (o == null) {
                allData = false;
            } else if (o.plaintext() != null) {
                copyToStripe(i, o.plaintext(), n);
            }
        }
        if (!allData) {
            byte[][] shards = new byte[total][];
            boolean[] present = new boolean[total];
            for (int i = 0; i < total; i++) {
                OpenedShard o = accepted.get(i);
                present[i] = o != null;
                // A missing shard's array is the codec's output: it writes every byte.
                shards[i] = o == null ? shardArrays.apply(n) : o.plaintext() != null ? o.plaintext() : shardFromStripe(i, n);
            }
            try {
                ReedSolomon.create(k, reference.m()).decodeMissing(shards, present, 0, n);
            } catch (NotEnoughShardsException e) {
                throw new IllegalStateException("k shards are present, yet the codec says " + e.getMessage(), e);
            }
            for (int i = 0; i < k; i++) {
                if (!present[i]) {
                    copyToStripe(i, shards[i], n);
                }
            }
            shardArrays.giveBack(shards); // plaintexts included: the stripe holds all that is read now
        } else {
            for (OpenedShard o : accepted.values()) {
                shardArrays.giveBack(o.plaintext());
            }
        }
        result = new DecodedStripe(stripe, new ArrayList<>(accepted.keySet()), rejected);
        return result;
    }

    /** Data shard i's plaintext → its place in the stripe; a short stripe's padding is dropped. */
    private void copyToStripe(int i, byte[] plaintext, int n) {
        long from = (long) i * n;
        if (from < stripe.length) {
            System.arraycopy(plaintext, 0, stripe, (int) from, (int) Math.min(n, stripe.length - from));
        }
    }

    /** Data shard i as the codec wants it: N bytes, zero-padded past the stripe's end. */
    private byte[] shardFromStripe(int i, int n) {
        byte[] shard = shardArrays.apply(n);
        long from = (long) i * n;
        int copied = from < stripe.length ? (int) Math.min(n, stripe.length - from) : 0;
        System.arraycopy(stripe, (int) Math.min(from, stripe.length), shard, 0, copied);
        java.util.Arrays.fill(shard, copied, n, (byte) 0); // the padding, over what a lent array held
        return shard;
    }

    // The claim protocol used by StripeDecoder.authenticateInto.

    /**
     * Checks a header (already trusted: its recovery block authenticated it) against the stripe's
     * layout; the first one sets it.
     *
     * @return null if consistent, else the rejection
     */
    synchronized Rejection checkLayout(ShardHeader h) {
        if (reference == null) {
            reference = h;
        }
        return reference.sameLayout(h) ? null : new Rejection.Inconsistent(
                "header " + h + " where shard " + reference.index() + " has " + reference);
    }

    /**
     * Claims data shard {@code index}'s region of the stripe buffer for one decryption.
     *
     * @return the stripe buffer, or null if the index is already in, being decrypted, or the
     *         stripe finished: then decrypt elsewhere (an honest verdict, no shared writes)
     */
    synchronized byte[] claim(int index) {
        if (result != null || accepted.containsKey(index) || claimed.get(index)) {
            return null;
        }
        if (stripe == null) {
            stripe = stripeArrays.apply((int) reference.stripeLength());
        }
        claimed.set(index);
        return stripe;
    }

    /** Ends a claim with its verdict. */
    synchronized void settle(ShardVerdict verdict) {
        claimed.clear(verdict.index());
        switch (verdict) {
            case OpenedShard o -> accepted.put(o.index(), o);
            case RejectedShard r -> rejected.add(r);
        }
        notifyAll();
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
