package dcfs.vfs.upkeep;

import dcfs.replicanet.store.LmdbNativeLibrary;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * The owner's record of the shards it audits (docs/proofs.md, "In the live system"): per shard id,
 * the shard's length, the Merkle roots (4 KiB leaves) of its authentic encodings, and the nodes seen
 * holding it. A root is learned only from bytes that authenticated under the file key — by a scrub
 * or a repair reading or writing the copy — so it is as good as one kept at write time; audits ask
 * exactly those nodes and check their answers against these roots. A side LMDB environment under
 * the home ({@code HOME/upkeep/roots}), not part of the filesystem's metadata: roots never travel to
 * the network, and a lost table is learned again by the next scrub.
 *
 * <p>Value, format 1: {@code u8 1 ‖ u32 length ‖ u8 r ‖ r × root (32) ‖ u8 h ‖ h × node id (32)},
 * r ≤ {@value #MAX_ROOTS} (a shard re-sealed by repair has other bytes than a surviving copy;
 * both authenticate, both may be asked), h ≤ {@value #MAX_HOLDERS}.
 *
 * <p>Thread-safe: writes are serialized on this object; reads run in their own snapshots.
 */
public final class ShardRoots implements AutoCloseable {
    static {
        LmdbNativeLibrary.install(); // before lmdbjava loads its library: see there
    }

    static final int MAX_ROOTS = 4;
    static final int MAX_HOLDERS = 16;
    private static final long MAP_SIZE = 64L << 30;

    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> dbi;
    private volatile boolean closed;

    /**
     * One shard's record.
     *
     * @param length the shard's length in bytes
     * @param roots Merkle roots of its authentic encodings (1..4)
     * @param holders nodes that acknowledged or were seen holding it
     */
    public record Entry(int length, List<byte[]> roots, List<MemberId> holders) {
        public Entry {
            roots = List.copyOf(roots);
            holders = List.copyOf(holders);
        }

        boolean hasRoot(byte[] root) {
            return roots.stream().anyMatch(r -> Arrays.equals(r, root));
        }
    }

    private ShardRoots(Env<ByteBuffer> env, Dbi<ByteBuffer> dbi) {
        this.env = env;
        this.dbi = dbi;
    }

    /** Opens (creating) the table in {@code dir}. */
    public static ShardRoots open(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Env<ByteBuffer> env = Env.create(ByteBufferProxy.PROXY_OPTIMAL).setMapSize(MAP_SIZE).setMaxDbs(1)
                    .setMaxReaders(128).open(dir.toFile(), EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOTLS);
            return new ShardRoots(env, env.openDbi("roots", DbiFlags.MDB_CREATE));
        } catch (LmdbException e) {
            throw new IOException("cannot open the shard roots in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Replaces what was known of a shard. */
    private void put(ShardId id, int length, byte[] root, Collection<MemberId> holders) {
        List<MemberId> h = new ArrayList<>();
        for (MemberId m : holders) {
            if (m != null && !h.contains(m) && h.size() < MAX_HOLDERS) {
                h.add(m);
            }
        }
        write(id, new Entry(length, List.of(root), h));
    }

    /**
     * Adds what a scrub or repair saw: an authentic copy with {@code root} on {@code holder} (null:
     * none). A length other than the one recorded replaces the record (the shard was rewritten).
     */
    public synchronized void learn(ShardId id, int length, byte[] root, MemberId holder) {
        Entry e = get(id);
        if (e == null || e.length() != length) {
            put(id, length, root, holder == null ? List.of() : List.of(holder));
            return;
        }
        boolean changed = false;
        List<byte[]> roots = new ArrayList<>(e.roots());
        if (!e.hasRoot(root)) {
            if (roots.size() == MAX_ROOTS) {
                roots.remove(0);
            }
            roots.add(root);
            changed = true;
        }
        List<MemberId> holders = new ArrayList<>(e.holders());
        if (holder != null && !holders.contains(holder)) {
            if (holders.size() == MAX_HOLDERS) {
                holders.remove(0);
            }
            holders.add(holder);
            changed = true;
        }
        if (changed) {
            write(id, new Entry(length, roots, holders));
        }
    }

    /** {@code holder} no longer holds the shard (its copy was lost and rebuilt elsewhere, or deleted). */
    public synchronized void dropHolder(ShardId id, MemberId holder) {
        Entry e = get(id);
        if (e != null && e.holders().contains(holder)) {
            List<MemberId> h = new ArrayList<>(e.holders());
            h.remove(holder);
            write(id, new Entry(e.length(), e.roots(), h));
        }
    }

    /**
     * Forgets every shard not in {@code current} (deleted or rewritten by the filesystem since it was
     * learned), so audits never ask a node for a shard it was right to drop. Returns how many.
     */
    public synchronized long retainOnly(Set<ShardId> current) {
        checkOpen();
        List<ShardId> gone = new ArrayList<>();
        forEach((id, e) -> {
            if (!current.contains(id)) {
                gone.add(id);
            }
        });
        if (!gone.isEmpty()) {
            try (Txn<ByteBuffer> t = env.txnWrite()) {
                for (ShardId id : gone) {
                    dbi.delete(t, key(id));
                }
                t.commit();
            }
        }
        return gone.size();
    }

    /** The record of a shard, or null. */
    public Entry get(ShardId id) {
        checkOpen();
        try (Txn<ByteBuffer> t = env.txnRead()) {
            ByteBuffer v = dbi.get(t, key(id));
            return v == null ? null : decode(v);
        }
    }

    /** Visits every record, in shard id order, from one snapshot. */
    public void forEach(BiConsumer<ShardId, Entry> visitor) {
        checkOpen();
        try (Txn<ByteBuffer> t = env.txnRead(); CursorIterable<ByteBuffer> it = dbi.iterate(t, KeyRange.all())) {
            for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
                byte[] id = new byte[ShardId.LENGTH];
                kv.key().duplicate().get(id);
                visitor.accept(new ShardId(id), decode(kv.val()));
            }
        }
    }

    public long count() {
        checkOpen();
        try (Txn<ByteBuffer> t = env.txnRead()) {
            return dbi.stat(t).entries;
        }
    }

    private void write(ShardId id, Entry e) {
        checkOpen();
        ByteBuffer v = ByteBuffer.allocateDirect(1 + 4 + 1 + 32 * e.roots().size() + 1 + 32 * e.holders().size());
        v.put((byte) 1).putInt(e.length()).put((byte) e.roots().size());
        e.roots().forEach(v::put);
        v.put((byte) e.holders().size());
        e.holders().forEach(h -> v.put(h.unsafeBytes()));
        v.flip();
        try (Txn<ByteBuffer> t = env.txnWrite()) {
            dbi.put(t, key(id), v);
            t.commit();
        }
    }

    private static Entry decode(ByteBuffer v) {
        ByteBuffer b = v.duplicate();
        int version = b.get() & 0xff;
        if (version != 1) {
            throw new IllegalStateException("shard roots record version " + version + " (this build reads 1)");
        }
        int length = b.getInt();
        int r = b.get() & 0xff;
        List<byte[]> roots = new ArrayList<>(r);
        for (int i = 0; i < r; i++) {
            byte[] root = new byte[32];
            b.get(root);
            roots.add(root);
        }
        int h = b.get() & 0xff;
        List<MemberId> holders = new ArrayList<>(h);
        for (int i = 0; i < h; i++) {
            byte[] id = new byte[32];
            b.get(id);
            holders.add(new MemberId(id));
        }
        return new Entry(length, roots, holders);
    }

    private static ByteBuffer key(ShardId id) {
        ByteBuffer k = ByteBuffer.allocateDirect(ShardId.LENGTH);
        k.put(id.unsafeBytes()).flip();
        return k;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the shard roots are closed");
        }
    }

    /** Syncs and closes; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            env.sync(true);
        } catch (LmdbException e) {
            // closing anyway: roots are learned again by the next scrub if lost
        }
        env.close();
    }
}
