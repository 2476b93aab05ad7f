package dcfs.replicanet.client;

import dcfs.shardcodec.ArrayLender;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Large byte arrays recycled by length: the client's pool of shard arrays (lent to its connections
 * for the shard data they receive and to the encoder for the shards it seals), and the store's
 * pool of stripe buffers (lent to reads and writes, given back when the cache evicts them).
 *
 * <p>Each full stripe a mount writes or reads moves a 4 MiB stripe buffer and k + m (or k) shards of
 * about {@code stripe / k} bytes: arrays above G1's half-region size, which the collector allocates
 * as humongous objects straight into the old generation; a gigabyte written made 2.5 GB of them and
 * most of the mount's garbage-collection time (concurrent marking cycles). Owners hand arrays back
 * once nothing reads them any more and the next stripe uses them; an array lent out holds
 * whatever its last user left, so every user writes the bytes it will read.
 *
 * <p>Arrays are kept by length (most lately given back first; below {@link #MIN_LENGTH} not at
 * all: small arrays cost the collector little) up to {@code capacityBytes} in all; past that the
 * length given back longest ago loses one, so lengths no longer in use drain away and the pool's
 * memory is a fixed overhead beside the mount's stripe cache.
 */
public final class ByteArrayPool implements ArrayLender {
    /** Arrays shorter than this are not kept. */
    public static final int MIN_LENGTH = 64 * 1024;

    private long capacityBytes;
    /** By length; access order, so the first entry is the length used longest ago. */
    private final LinkedHashMap<Integer, ArrayDeque<byte[]>> free = new LinkedHashMap<>(8, 0.75f, true);
    private long heldBytes;
    private long reused;
    private long allocated;

    public ByteArrayPool(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /**
     * Resizes the pool: from now on it keeps up to {@code bytes} of arrays, dropping the lengths
     * given back longest ago if it holds more.
     */
    public synchronized void capacity(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative pool capacity " + bytes);
        }
        capacityBytes = bytes;
        trimTo(bytes);
    }

    public synchronized long capacity() {
        return capacityBytes;
    }

    /** An array of exactly {@code n} bytes, recycled if one is free; its contents are arbitrary. */
    @Override
    public synchronized byte[] apply(int n) {
        ArrayDeque<byte[]> q = free.get(n);
        if (q != null) {
            byte[] b = q.pop();
            if (q.isEmpty()) {
                free.remove(n);
            }
            heldBytes -= n;
            reused++;
            return b;
        }
        allocated++;
        return new byte[n];
    }

    /** Takes back arrays nothing reads any more (null slots are skipped). */
    @Override
    public synchronized void giveBack(byte[]... arrays) {
        for (byte[] b : arrays) {
            if (b == null || b.length < MIN_LENGTH || b.length > capacityBytes) {
                continue;
            }
            trimTo(capacityBytes - b.length);
            free.computeIfAbsent(b.length, x -> new ArrayDeque<>()).push(b);
            heldBytes += b.length;
        }
    }

    private void trimTo(long bytes) {
        while (heldBytes > bytes) {
            Map.Entry<Integer, ArrayDeque<byte[]>> eldest = free.entrySet().iterator().next();
            eldest.getValue().pop();
            heldBytes -= eldest.getKey();
            if (eldest.getValue().isEmpty()) {
                free.remove(eldest.getKey());
            }
        }
    }

    /** Arrays held, of every length. */
    public synchronized int free() {
        int n = 0;
        for (ArrayDeque<byte[]> q : free.values()) {
            n += q.size();
        }
        return n;
    }

    /** Arrays handed out from the pool, and freshly allocated. */
    public synchronized long[] counts() {
        return new long[]{reused, allocated};
    }
}
