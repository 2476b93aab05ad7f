package dcfs.tools.recover;

import dcfs.replicanet.ShardId;
import dcfs.replicanet.record.IdentityRecordCrypto;
import dcfs.replicanet.record.SignedRecord;
import dcfs.replicanet.store.ShardStoreReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Every node store found under a directory, opened read-only: a {@code dcfs cluster start}
 * directory ({@code node-i/store}), a home's embedded cluster ({@code HOME/cluster}), or copies of
 * node {@code store/} directories anywhere below it. LMDB environments that are not node stores
 * (a home's own {@code meta/}) are passed over.
 */
final class NodeStores implements AutoCloseable {
    /** How deep below --from a store may sit (DIR/cluster/node-3/store is three levels down). */
    private static final int MAX_DEPTH = 5;

    private final List<ShardStoreReader> stores;

    private NodeStores(List<ShardStoreReader> stores) {
        this.stores = stores;
    }

    static NodeStores find(Path from) throws IOException {
        List<Path> candidates;
        try (Stream<Path> s = Files.find(from, MAX_DEPTH, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().equals("data.mdb"))) {
            candidates = s.map(Path::getParent).sorted().toList();
        }
        List<ShardStoreReader> open = new ArrayList<>();
        for (Path dir : candidates) {
            try {
                open.add(ShardStoreReader.open(dir));
            } catch (IOException e) {
                // another kind of LMDB environment (metadata): not ours to read
            }
        }
        return new NodeStores(open);
    }

    int size() {
        return stores.size();
    }

    List<Path> dirs() {
        return stores.stream().map(ShardStoreReader::dir).toList();
    }

    /** Every copy of a shard the stores hold (R copies when all survived), in store order. */
    List<byte[]> copies(ShardId id) {
        List<byte[]> out = new ArrayList<>(2);
        for (ShardStoreReader s : stores) {
            byte[] b = s.shard(id);
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    /** The valid signed record under {@code locator} with the highest sequence, if any store has one. */
    Optional<byte[]> newestRecord(byte[] locator) {
        byte[] best = null;
        long bestSeq = -1;
        for (ShardStoreReader s : stores) {
            byte[] r = s.record(locator);
            if (r == null) {
                continue;
            }
            try {
                SignedRecord rec = SignedRecord.parse(r);
                rec.verify(locator, IdentityRecordCrypto.INSTANCE);
                if (rec.sequence() > bestSeq) {
                    bestSeq = rec.sequence();
                    best = r;
                }
            } catch (SignedRecord.RecordException e) {
                // damaged or foreign: another copy may do
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every shard of every store: its id and the first {@code prefix} bytes (its header). */
    void forEachShard(int prefix, BiConsumer<ShardId, byte[]> visitor) {
        for (ShardStoreReader s : stores) {
            s.forEachShard(prefix, visitor);
        }
    }

    @Override
    public void close() {
        stores.forEach(ShardStoreReader::close);
    }
}
