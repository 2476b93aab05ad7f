package dcfs.vfs.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Wraps a store and lends stripe buffers the way the network store does, only more harshly: every
 * buffer lent (for a new stripe or a read) is full of junk past what its user writes, and every
 * buffer handed back is overwritten with junk at once — as if the next stripe had already taken
 * it. A cache that read a buffer after giving it back, or showed bytes of a buffer it had not
 * written, returns junk to the test.
 */
public final class RecyclingStripeStore extends ForwardingStripeStore {
    private final Random junk = new Random(7);
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    /** Buffers lent and not handed back (identity): a second hand-back is a bug. */
    private final Map<byte[], Boolean> lent = new IdentityHashMap<>();
    private final List<String> misuse = new ArrayList<>();
    private long recycled;
    private long kept = -1;

    public RecyclingStripeStore(StripeStore inner) {
        super(inner);
    }

    /** Hand-backs of buffers this store never lent, or lent once and already had back. */
    public synchronized List<String> misuse() {
        return List.copyOf(misuse);
    }

    public synchronized long recycled() {
        return recycled;
    }

    /** Buffers lent (for new stripes, reads, fetches) and not handed back yet. */
    public synchronized int outstanding() {
        return lent.size();
    }

    /** What the cache last said the store may keep ({@link #keepBuffers}); -1 before it said. */
    public synchronized long kept() {
        return kept;
    }

    @Override
    public synchronized void keepBuffers(long bytes) {
        kept = bytes;
    }

    @Override
    public synchronized byte[] stripeBuffer(int length) {
        byte[] b = null;
        for (byte[] f : free) {
            if (f.length == length) {
                b = f;
                break;
            }
        }
        if (b != null) {
            free.remove(b);
        } else {
            b = new byte[length];
            junk.nextBytes(b);
        }
        lent.put(b, Boolean.TRUE);
        return b;
    }

    @Override
    public synchronized void recycle(byte[] buffer) {
        if (lent.remove(buffer) == null) {
            misuse.add("a buffer of " + buffer.length + " bytes handed back that was not lent");
            return;
        }
        junk.nextBytes(buffer);
        recycled++;
        free.push(buffer);
        if (free.size() > 16) {
            free.removeLast();
        }
    }

    @Override
    public byte[] get(StripeKey key) throws StoreException {
        byte[] b = inner.get(key);
        byte[] lentOut = stripeBuffer(b.length);
        System.arraycopy(b, 0, lentOut, 0, b.length);
        return lentOut;
    }
}
