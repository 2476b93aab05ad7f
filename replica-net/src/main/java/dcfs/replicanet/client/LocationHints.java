package dcfs.replicanet.client;

import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where this client last found (or handed off) shards that are not where placement says: asked
 * first on the next read of that shard. Only hints: a stale one costs one failed request, and the
 * placed holders and rendezvous candidates are asked as always. Bounded (least recently used out).
 * Thread-safe.
 */
final class LocationHints {
    private final Map<ShardId, MemberId> hints;

    LocationHints(int capacity) {
        this.hints = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ShardId, MemberId> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(ShardId shard, MemberId node) {
        hints.put(shard, node);
    }

    synchronized MemberId get(ShardId shard) {
        return hints.get(shard);
    }

    synchronized void forget(ShardId shard) {
        hints.remove(shard);
    }
}
