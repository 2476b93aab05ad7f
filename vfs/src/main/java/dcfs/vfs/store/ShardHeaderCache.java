package dcfs.vfs.store;

import dcfs.replicanet.ShardId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header bytes of shards lately read in part, so that the next range read of the same shard
 * asks its holder for the segments alone: one request per random read instead of two.
 *
 * <p>Nothing here is trusted: a header is every segment's AAD (docs/shard-format.md, "Segments"),
 * so segments only authenticate under the header their writer sealed them with. A header that
 * was wrong (a corrupt or lying holder) fails the read it is used in, which then forgets it and
 * falls back to the whole-stripe read. Shard ids name one generation of a stripe, so a rewritten
 * stripe never meets its old header.
 *
 * <p>Bounded by bytes, least recently used out first. Thread-safe.
 */
final class ShardHeaderCache {
    private final long capacityBytes;
    private long heldBytes;
    private final LinkedHashMap<ShardId, byte[]> headers = new LinkedHashMap<>(256, 0.75f, true);

    ShardHeaderCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** The header last read for {@code id}, of exactly {@code length} bytes, or null. */
    synchronized byte[] get(ShardId id, int length) {
        byte[] h = headers.get(id);
        return h != null && h.length == length ? h : null;
    }

    /** The header held for {@code id} whatever its length, or null (for tests and logs). */
    synchronized byte[] peek(ShardId id) {
        return headers.get(id);
    }

    synchronized void put(ShardId id, byte[] header) {
        if (header.length > capacityBytes) {
            return;
        }
        byte[] old = headers.put(id, header);
        heldBytes += header.length - (old == null ? 0 : old.length);
        var it = headers.entrySet().iterator();
        while (heldBytes > capacityBytes && it.hasNext()) {
            Map.Entry<ShardId, byte[]> eldest = it.next();
            heldBytes -= eldest.getValue().length;
            it.remove();
        }
    }

    synchronized void forget(ShardId id) {
        byte[] old = headers.remove(id);
        if (old != null) {
            heldBytes -= old.length;
        }
    }
}
