package dcfs.replicanet.store;

import dcfs.replicanet.ShardId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.BiConsumer;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * A node's store opened read-only, without a node: for {@code dcfs recover}, which rebuilds a
 * filesystem from copies of node stores with no network. Same layout as {@link ShardStore}
 * (shards: id → SHA-256(deletion token) ‖ shard bytes; records: locator → signed record); nothing
 * is ever written, and the directory may be a copy on read-only media (then LMDB's lock file is not
 * used: the reader must be the only user of the copy).
 *
 * <p>Not thread-safe; one reader, one thread.
 */
public final class ShardStoreReader implements AutoCloseable {
    static {
        LmdbNativeLibrary.install(); // before lmdbjava loads its library: see there
    }

    private static final int TOKEN_HASH = 32;

    private final Path dir;
    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> shards;
    private final Dbi<ByteBuffer> records;
    private final ByteBuffer key = ByteBuffer.allocateDirect(32);

    private ShardStoreReader(Path dir, Env<ByteBuffer> env, Dbi<ByteBuffer> shards, Dbi<ByteBuffer> records) {
        this.dir = dir;
        this.env = env;
        this.shards = shards;
        this.records = records;
    }

    /**
     * Opens the LMDB environment in {@code storeDir} (a node's {@code store/} directory).
     *
     * @throws IOException if it is not a node store (no such environment, or no shard table)
     */
    public static ShardStoreReader open(Path storeDir) throws IOException {
        Path data = storeDir.resolve("data.mdb");
        if (!Files.isRegularFile(data)) {
            throw new IOException("no node store in " + storeDir);
        }
        long size = Math.max(Files.size(data), 1L << 20);
        Env<ByteBuffer> env;
        try {
            env = Env.create().setMapSize(size).setMaxDbs(4).setMaxReaders(8)
                    .open(storeDir.toFile(), EnvFlags.MDB_RDONLY_ENV);
        } catch (LmdbException e) {
            // A copy on read-only media has no writable lock file: read without LMDB's locking.
            try {
                env = Env.create().setMapSize(size).setMaxDbs(4).setMaxReaders(8)
                        .open(storeDir.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOLOCK);
            } catch (LmdbException again) {
                throw new IOException("cannot open the node store in " + storeDir + ": " + again.getMessage(), again);
            }
        }
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            Dbi<ByteBuffer> s = env.openDbi(txn, "shards".getBytes(java.nio.charset.StandardCharsets.US_ASCII), null,
                    false);
            Dbi<ByteBuffer> r = env.openDbi(txn, "records".getBytes(java.nio.charset.StandardCharsets.US_ASCII), null,
                    false);
            txn.commit();
            return new ShardStoreReader(storeDir, env, s, r);
        } catch (LmdbException e) {
            env.close();
            throw new IOException(storeDir + " is not a node store (" + e.getMessage() + ")", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The shard's bytes, or null if this store does not hold it. */
    public byte[] shard(ShardId id) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer v = shards.get(txn, key(id.unsafeBytes()));
            if (v == null || v.remaining() < TOKEN_HASH) {
                return null;
            }
            byte[] out = new byte[v.remaining() - TOKEN_HASH];
            v.duplicate().position(v.position() + TOKEN_HASH).get(out);
            return out;
        }
    }

    /** The signed record under {@code locator}, or null. */
    public byte[] record(byte[] locator) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer v = records.get(txn, key(locator));
            if (v == null) {
                return null;
            }
            byte[] out = new byte[v.remaining()];
            v.duplicate().get(out);
            return out;
        }
    }

    /**
     * Every shard, in id order: {@code visitor} gets the id and the first {@code prefix} bytes of
     * the shard (a header is enough to sort shards by their recovery blocks).
     */
    public void forEachShard(int prefix, BiConsumer<ShardId, byte[]> visitor) {
        try (Txn<ByteBuffer> txn = env.txnRead();
             CursorIterable<ByteBuffer> it = shards.iterate(txn, KeyRange.all())) {
            Iterator<CursorIterable.KeyVal<ByteBuffer>> iter = it.iterator();
            while (iter.hasNext()) {
                CursorIterable.KeyVal<ByteBuffer> kv = iter.next();
                byte[] id = new byte[ShardId.LENGTH];
                kv.key().duplicate().get(id);
                ByteBuffer v = kv.val().duplicate();
                if (v.remaining() <= TOKEN_HASH) {
                    continue;
                }
                v.position(v.position() + TOKEN_HASH);
                byte[] head = new byte[Math.min(prefix, v.remaining())];
                v.get(head);
                visitor.accept(new ShardId(id), head);
            }
        }
    }

    @Override
    public void close() {
        env.close();
    }

    private ByteBuffer key(byte[] k) {
        key.clear();
        key.put(k).flip();
        return key;
    }
}
