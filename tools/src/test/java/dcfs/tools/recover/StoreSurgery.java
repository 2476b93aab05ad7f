package dcfs.tools.recover;

import dcfs.replicanet.ShardId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * Damage done to stopped nodes' stores, the way a failing disk or a lost node would: shards
 * deleted or flipped, superblock records removed. Test-only; writes LMDB directly.
 */
final class StoreSurgery {
    private StoreSurgery() {
    }

    /** Every node store (node-i/store) under a cluster directory. */
    static List<Path> stores(Path cluster) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(cluster)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p.resolve("store/data.mdb"))) {
                    out.add(p.resolve("store"));
                }
            }
        }
        return out;
    }

    interface Work {
        void run(Txn<ByteBuffer> txn, Dbi<ByteBuffer> shards, Dbi<ByteBuffer> records);
    }

    static void onEach(Path cluster, Work work) throws IOException {
        for (Path store : stores(cluster)) {
            try (Env<ByteBuffer> env = Env.create().setMapSize(Files.size(store.resolve("data.mdb")) * 2 + (64 << 20))
                    .setMaxDbs(4).open(store.toFile())) {
                Dbi<ByteBuffer> shards = env.openDbi("shards");
                Dbi<ByteBuffer> records = env.openDbi("records");
                try (Txn<ByteBuffer> txn = env.txnWrite()) {
                    work.run(txn, shards, records);
                    txn.commit();
                }
            }
        }
    }

    static ByteBuffer direct(byte[] b) {
        ByteBuffer d = ByteBuffer.allocateDirect(b.length);
        d.put(b).flip();
        return d;
    }

    /** Deletes every copy of the shard. */
    static void delete(Path cluster, ShardId id) throws IOException {
        onEach(cluster, (txn, shards, records) -> shards.delete(txn, direct(id.unsafeBytes())));
    }

    /** Flips one byte in the payload of every copy of the shard (past the header: a segment fails). */
    static void corrupt(Path cluster, ShardId id) throws IOException {
        onEach(cluster, (txn, shards, records) -> {
            ByteBuffer v = shards.get(txn, direct(id.unsafeBytes()));
            if (v == null) {
                return;
            }
            byte[] b = new byte[v.remaining()];
            v.get(b);
            b[b.length - 20] ^= 0x5a;
            shards.put(txn, direct(id.unsafeBytes()), direct(b));
        });
    }

    /** Removes every signed record (superblocks): what is left is shards alone. */
    static void dropRecords(Path cluster) throws IOException {
        onEach(cluster, (txn, shards, records) -> records.drop(txn));
    }
}
