package dcfs.replicanet.store;

import dcfs.replicanet.ShardId;
import dcfs.replicanet.record.SignedRecord;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.Frame;
import dcfs.replicanet.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's shards and signed records, in one LMDB environment under {@code DIR/store}.
 *
 * <p>Databases and value layouts:
 * <pre>
 * shards   key: shard id (32)   value: SHA-256(deletion token) (32) ‖ shard bytes
 * records  key: locator (32)    value: the signed record ({@link SignedRecord})
 * info     key: "shardBytes"    value: u64 BE, bytes of shards held
 * </pre>
 *
 * <p>Writes (put, delete, record put) go through one writer thread that drains a queue and applies
 * everything waiting in one write transaction, then commits it — LMDB syncs on commit — and only then
 * completes their futures: group commit, so many concurrent puts share one sync, and no put is ever
 * acknowledged before its bytes are on disk.
 *
 * <p>Reads run on the caller's thread in short read transactions that copy what they need and close
 * (the env is opened with MDB_NOTLS, so any thread may read).
 *
 * <p>Locking: {@link #mapLock} is held shared by every transaction and exclusively while the map is
 * grown, because LMDB may only change the map size while this process has no transaction open. Only
 * the writer thread grows the map, between transactions.
 */
public final class ShardStore implements AutoCloseable {
    static {
        LmdbNativeLibrary.install(); // before lmdbjava loads its library: see there
    }

    private static final Logger LOG = LoggerFactory.getLogger(ShardStore.class);
    private static final int TOKEN_HASH = 32;
    private static final int ENOSPC = 28;
    private static final long DISK_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Path dir;
    private final StoreConfig config;
    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> shards;
    private final Dbi<ByteBuffer> records;
    private final Dbi<ByteBuffer> info;
    private final FileStore fileStore;
    private final ReentrantReadWriteLock mapLock = new ReentrantReadWriteLock();
    private final LinkedBlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AtomicLong shardBytes = new AtomicLong();
    private final AtomicLong shardCount = new AtomicLong();
    private final ThreadLocal<ByteBuffer> keyBuffer = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(32));
    private final ByteBuffer shardBytesKey = directOf("shardBytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    private volatile boolean closed;
    private volatile boolean full;
    private long diskUsableCache;
    private long diskCheckedAt;

    private ShardStore(Path dir, StoreConfig config) throws IOException {
        this.dir = dir;
        this.config = config;
        Path storeDir = dir.resolve("store");
        Files.createDirectories(storeDir);
        this.fileStore = Files.getFileStore(storeDir);
        Path dataFile = storeDir.resolve("data.mdb");
        long mapSize = Math.max(config.initialMapSize(), Files.exists(dataFile) ? Files.size(dataFile) : 0);
        this.env = Env.create().setMapSize(mapSize).setMaxDbs(4).setMaxReaders(512)
                .open(storeDir.toFile(), EnvFlags.MDB_NOTLS);
        this.shards = env.openDbi("shards", DbiFlags.MDB_CREATE);
        this.records = env.openDbi("records", DbiFlags.MDB_CREATE);
        this.info = env.openDbi("info", DbiFlags.MDB_CREATE);
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            shardCount.set(shards.stat(txn).entries);
            ByteBuffer v = info.get(txn, shardBytesKey);
            shardBytes.set(v == null ? 0 : v.getLong(v.position()));
        }
        this.writer = Thread.ofPlatform().name("dcfs-store-writer").daemon(true).unstarted(this::writeLoop);
        writer.start();
    }

    /** Opens (creating if needed) the store under {@code dir/store}. */
    public static ShardStore open(Path dir, StoreConfig config) throws IOException {
        return new ShardStore(dir, config);
    }

    public Path dir() {
        return dir;
    }

    // ---------------------------------------------------------------- writes

    private sealed interface WriteOp permits PutOp, DeleteOp, RecordOp {
        long size();

        CompletableFuture<?> done();

        /** Fails the op's future and frees what it holds. */
        void fail(Throwable t);
    }

    /** Owns {@code data} until the writer releases it. */
    private record PutOp(ShardId id, byte[] tokenHash, ByteBuf data, CompletableFuture<Boolean> done)
            implements WriteOp {
        @Override
        public long size() {
            return data.readableBytes();
        }

        @Override
        public void fail(Throwable t) {
            data.release();
            done.completeExceptionally(t);
        }
    }

    private record DeleteOp(ShardId id, byte[] tokenHash, CompletableFuture<Boolean> done) implements WriteOp {
        @Override
        public long size() {
            return 0;
        }

        @Override
        public void fail(Throwable t) {
            done.completeExceptionally(t);
        }
    }

    private record RecordOp(byte[] locator, long sequence, byte[] bytes, CompletableFuture<Long> done)
            implements WriteOp {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void fail(Throwable t) {
            done.completeExceptionally(t);
        }
    }

    /**
     * Stores a shard. Completes with false once committed and synced, true if the same bytes were
     * already there; exceptionally with {@link StoreException} (CONFLICT: other bytes under this id;
     * STORAGE_FULL; SHUTTING_DOWN).
     *
     * <p>Ownership: takes {@code data}; it is released once written or refused.
     */
    public CompletableFuture<Boolean> put(ShardId id, byte[] tokenHash, ByteBuf data) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (tokenHash.length != TOKEN_HASH) {
            data.release();
            throw new IllegalArgumentException("token hash must be 32 bytes");
        }
        int n = data.readableBytes();
        if (n == 0 || n > Frame.MAX_SHARD_LENGTH) {
            data.release();
            done.completeExceptionally(new StoreException(ErrorCode.SHARD_TOO_LARGE,
                    "shard of " + n + " bytes, must be 1.." + Frame.MAX_SHARD_LENGTH));
            return done;
        }
        enqueue(new PutOp(id, tokenHash.clone(), data, done));
        return done;
    }

    /**
     * Deletes a shard if {@code token} hashes to the token hash it was stored with. Completes with
     * true if it existed, false if there was nothing to delete; exceptionally with WRONG_DELETION_TOKEN.
     */
    public CompletableFuture<Boolean> delete(ShardId id, byte[] token) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        enqueue(new DeleteOp(id, sha256(token), done));
        return done;
    }

    /**
     * Stores a verified record if its sequence is larger than the stored one's. The caller has
     * checked the signature ({@link SignedRecord#verify}); completes with the stored sequence, or
     * exceptionally with RECORD_STALE.
     */
    public CompletableFuture<Long> putRecord(byte[] locator, SignedRecord record) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        enqueue(new RecordOp(locator.clone(), record.sequence(), record.encode(), done));
        return done;
    }

    private void enqueue(WriteOp op) {
        if (closed) {
            op.fail(new StoreException(ErrorCode.SHUTTING_DOWN, "the store is closing"));
            return;
        }
        queue.add(op);
        // close() may have drained the queue between the check and the add: fail what it left.
        if (closed && queue.remove(op)) {
            op.fail(new StoreException(ErrorCode.SHUTTING_DOWN, "the store is closing"));
        }
    }

    private void writeLoop() {
        List<WriteOp> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                WriteOp first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long bytes = first.size();
                WriteOp next;
                while (bytes < config.maxBatchBytes() && batch.size() < 4096 && (next = queue.poll()) != null) {
                    batch.add(next);
                    bytes += next.size();
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("store writer failed a batch of {}", batch.size(), e);
                for (WriteOp op : batch) {
                    op.fail(new StoreException(ErrorCode.INTERNAL, "store write failed: " + e, e));
                }
            } finally {
                batch.clear();
            }
        }
    }

    /** Applies, commits (and syncs) one batch, then completes its ops. Releases every put's buffer. */
    private void commit(List<WriteOp> batch) {
        Object[] results = new Object[batch.size()];
        for (int attempt = 0; ; attempt++) {
            try {
                long bytesAfter = writeBatch(batch, results);
                shardBytes.set(bytesAfter);
                complete(batch, results);
                return;
            } catch (org.lmdbjava.Env.MapFullException e) {
                if (attempt >= 40) {
                    failAll(batch, new StoreException(ErrorCode.STORAGE_FULL, "the store map cannot grow further"));
                    return;
                }
                grow();
            } catch (LmdbNativeException e) {
                if (e.getResultCode() == ENOSPC) {
                    full = true;
                    failAll(batch, new StoreException(ErrorCode.STORAGE_FULL, "the disk under " + dir + " is full"));
                } else {
                    failAll(batch, new StoreException(ErrorCode.INTERNAL, "LMDB: " + e.getMessage(), e));
                }
                return;
            }
        }
    }

    /** One write transaction over the batch; returns the shard bytes after it. Aborts on any exception. */
    private long writeBatch(List<WriteOp> batch, Object[] results) {
        mapLock.readLock().lock();
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            long bytes = shardBytes.get();
            long diskFree = diskUsable();
            for (int i = 0; i < batch.size(); i++) {
                Result r = apply(txn, batch.get(i), bytes, diskFree);
                results[i] = r.outcome;
                bytes += r.bytesDelta;
                diskFree -= Math.max(0, r.bytesDelta);
            }
            ByteBuffer v = ByteBuffer.allocateDirect(8).putLong(0, bytes);
            info.put(txn, shardBytesKey, v);
            txn.commit();
            return bytes;
        } finally {
            mapLock.readLock().unlock();
        }
    }

    private record Result(Object outcome, long bytesDelta) {
    }

    @SuppressWarnings("unchecked")
    private void complete(List<WriteOp> batch, Object[] results) {
        for (int i = 0; i < batch.size(); i++) {
            WriteOp op = batch.get(i);
            Object r = results[i];
            if (op instanceof PutOp p) {
                p.data.release();
            }
            if (r instanceof StoreException e) {
                op.done().completeExceptionally(e);
            } else {
                switch (op) {
                    case PutOp p -> {
                        if (Boolean.FALSE.equals(r)) {
                            shardCount.incrementAndGet();
                            full = false;
                        }
                        p.done.complete((Boolean) r);
                    }
                    case DeleteOp d -> {
                        if (Boolean.TRUE.equals(r)) {
                            shardCount.decrementAndGet();
                            full = false;
                        }
                        d.done.complete((Boolean) r);
                    }
                    case RecordOp rec -> rec.done.complete((Long) r);
                }
            }
        }
    }

    private void failAll(List<WriteOp> batch, StoreException e) {
        for (WriteOp op : batch) {
            op.fail(e);
        }
    }

    private Result apply(Txn<ByteBuffer> txn, WriteOp op, long bytesNow, long diskFree) {
        return switch (op) {
            case PutOp p -> applyPut(txn, p, bytesNow, diskFree);
            case DeleteOp d -> applyDelete(txn, d);
            case RecordOp r -> applyRecord(txn, r);
        };
    }

    private Result applyPut(Txn<ByteBuffer> txn, PutOp p, long bytesNow, long diskFree) {
        ByteBuffer key = key(p.id.unsafeBytes());
        ByteBuffer existing = shards.get(txn, key);
        int n = p.data.readableBytes();
        if (existing != null) {
            ByteBuffer stored = existing.duplicate();
            stored.position(stored.position() + TOKEN_HASH);
            boolean same = stored.remaining() == n && p.data.nioBuffer().equals(stored);
            if (same) {
                return new Result(Boolean.TRUE, 0);
            }
            return new Result(new StoreException(ErrorCode.CONFLICT, "shard " + p.id.shortForm()
                    + " is already stored with other bytes"), 0);
        }
        if (config.capacity() > 0 && bytesNow + n > config.capacity()) {
            full = true;
            return new Result(new StoreException(ErrorCode.STORAGE_FULL, "node capacity of " + config.capacity()
                    + " bytes is used up (" + bytesNow + " held)"), 0);
        }
        if (diskFree - n < config.diskReserve()) {
            full = true;
            return new Result(new StoreException(ErrorCode.STORAGE_FULL, "disk under " + dir + " has "
                    + Math.max(0, diskFree) + " bytes free, " + config.diskReserve() + " are kept in reserve"), 0);
        }
        ByteBuffer dst = shards.reserve(txn, key, TOKEN_HASH + n);
        dst.put(p.tokenHash);
        p.data.getBytes(p.data.readerIndex(), dst);
        return new Result(Boolean.FALSE, n);
    }

    private Result applyDelete(Txn<ByteBuffer> txn, DeleteOp d) {
        ByteBuffer key = key(d.id.unsafeBytes());
        ByteBuffer existing = shards.get(txn, key);
        if (existing == null) {
            return new Result(Boolean.FALSE, 0);
        }
        byte[] stored = new byte[TOKEN_HASH];
        existing.duplicate().get(stored);
        if (!MessageDigest.isEqual(stored, d.tokenHash)) {
            return new Result(new StoreException(ErrorCode.WRONG_DELETION_TOKEN, "wrong deletion token for shard "
                    + d.id.shortForm()), 0);
        }
        long n = existing.remaining() - TOKEN_HASH;
        shards.delete(txn, key);
        return new Result(Boolean.TRUE, -n);
    }

    private Result applyRecord(Txn<ByteBuffer> txn, RecordOp r) {
        ByteBuffer key = key(r.locator);
        ByteBuffer existing = records.get(txn, key);
        if (existing != null) {
            byte[] old = new byte[existing.remaining()];
            existing.duplicate().get(old);
            long oldSeq;
            try {
                oldSeq = SignedRecord.parse(old).sequence();
            } catch (SignedRecord.RecordException e) {
                oldSeq = -1;
            }
            if (r.sequence <= oldSeq) {
                return new Result(new StoreException(ErrorCode.RECORD_STALE, "record sequence " + r.sequence
                        + " is not above the stored " + oldSeq), 0);
            }
        }
        ByteBuffer dst = records.reserve(txn, key, r.bytes.length);
        dst.put(r.bytes);
        return new Result(r.sequence, 0);
    }

    private void grow() {
        mapLock.writeLock().lock();
        try {
            long current = env.info().mapSize;
            long next = current * 2;
            LOG.info("store map full at {} MiB, growing to {} MiB", current >> 20, next >> 20);
            env.setMapSize(next);
        } finally {
            mapLock.writeLock().unlock();
        }
    }

    private long diskUsable() {
        long now = System.nanoTime();
        if (now - diskCheckedAt > DISK_CHECK_NANOS || diskCheckedAt == 0) {
            try {
                diskUsableCache = fileStore.getUsableSpace();
            } catch (IOException e) {
                diskUsableCache = Long.MAX_VALUE;
            }
            diskCheckedAt = now;
        }
        return diskUsableCache;
    }

    // ---------------------------------------------------------------- reads

    /**
     * Copies {@code length} bytes of a shard from {@code offset} ({@link Message.GetShard#TO_END}: to
     * its end) into a new buffer from {@code alloc}.
     *
     * <p>Ownership: the returned buffer belongs to the caller.
     *
     * @return the bytes and the shard's whole length
     * @throws StoreException NOT_FOUND, BAD_RANGE
     */
    public Slice read(ShardId id, int offset, int length, ByteBufAllocator alloc) throws StoreException {
        checkOpen();
        mapLock.readLock().lock();
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            Located at = locate(txn, id, offset, length);
            ByteBuf out = alloc.directBuffer(at.bytes().remaining(), at.bytes().remaining());
            out.writeBytes(at.bytes());
            return new Slice(out, at.shardLength());
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /** Bytes of a shard in the map (valid while {@code txn} is), and the shard's whole length. */
    private record Located(ByteBuffer bytes, int shardLength) {
    }

    /** @throws StoreException NOT_FOUND, BAD_RANGE */
    private Located locate(Txn<ByteBuffer> txn, ShardId id, int offset, int length) throws StoreException {
        ByteBuffer v = shards.get(txn, key(id.unsafeBytes()));
        if (v == null) {
            throw new StoreException(ErrorCode.NOT_FOUND, "no shard " + id.shortForm());
        }
        int total = v.remaining() - TOKEN_HASH;
        int n = length == Message.GetShard.TO_END ? total - offset : length;
        if (offset < 0 || n < 0 || (long) offset + n > total) {
            throw new StoreException(ErrorCode.BAD_RANGE, "range " + offset + "+" + n + " outside shard "
                    + id.shortForm() + " of " + total + " bytes");
        }
        ByteBuffer src = v.duplicate();
        src.position(src.position() + TOKEN_HASH + offset).limit(src.position() + n);
        return new Located(src, total);
    }

    /**
     * {@link #read} without the copy: the returned buffer wraps the shard's bytes in the memory map
     * and holds a read transaction and the map lock (shared) until it is released, which must
     * happen soon (a map resize and {@link #close} wait for it). Call it on the thread of
     * {@code ownerExecutor}, which ends the read if the last release happens elsewhere. Meant for a
     * node answering GET_SHARD on its event loop, where TLS encrypts the buffer during the same
     * flush: the bytes then go from the map to the cipher without a copy in between.
     *
     * @throws StoreException NOT_FOUND, BAD_RANGE
     */
    public Slice lend(ShardId id, int offset, int length, java.util.concurrent.Executor ownerExecutor)
            throws StoreException {
        checkOpen();
        mapLock.readLock().lock();
        Txn<ByteBuffer> txn = null;
        try {
            txn = env.txnRead();
            Located at = locate(txn, id, offset, length);
            Slice lent = new Slice(new LentShardView(at.bytes(), txn, mapLock.readLock(), ownerExecutor),
                    at.shardLength());
            txn = null; // the view owns it, and the lock, from here on
            return lent;
        } finally {
            if (txn != null) {
                txn.close();
                mapLock.readLock().unlock();
            }
        }
    }

    /**
     * Bytes read from a shard.
     *
     * @param data the bytes (owned by whoever received this slice)
     * @param shardLength the whole shard's length
     */
    public record Slice(ByteBuf data, int shardLength) {
    }

    /** The shard's length, or -1 if it is not here. */
    public int length(ShardId id) {
        checkOpenUnchecked();
        mapLock.readLock().lock();
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer v = shards.get(txn, key(id.unsafeBytes()));
            return v == null ? -1 : v.remaining() - TOKEN_HASH;
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /** Up to {@code limit} shards after {@code after} (null: from the first), ascending. */
    public Message.ShardList list(int requestId, ShardId after, int limit) {
        checkOpenUnchecked();
        List<Message.ListedShard> page = new ArrayList<>(Math.min(limit, 1024));
        boolean more = false;
        mapLock.readLock().lock();
        try (Txn<ByteBuffer> txn = env.txnRead();
                CursorIterable<ByteBuffer> it = shards.iterate(txn,
                        after == null ? KeyRange.all() : KeyRange.greaterThan(key(after.unsafeBytes())))) {
            Iterator<CursorIterable.KeyVal<ByteBuffer>> iter = it.iterator();
            while (iter.hasNext()) {
                CursorIterable.KeyVal<ByteBuffer> kv = iter.next();
                if (page.size() == limit) {
                    more = true;
                    break;
                }
                byte[] id = new byte[ShardId.LENGTH];
                kv.key().duplicate().get(id);
                page.add(new Message.ListedShard(new ShardId(id), kv.val().remaining() - TOKEN_HASH));
            }
        } finally {
            mapLock.readLock().unlock();
        }
        return new Message.ShardList(requestId, page, more);
    }

    /** Every shard id held, ascending (all pages of {@link #list}). */
    public List<ShardId> ids() {
        List<ShardId> out = new ArrayList<>();
        ShardId after = null;
        while (true) {
            Message.ShardList page = list(0, after, 1000);
            page.shards().forEach(s -> out.add(s.id()));
            if (!page.more() || page.shards().isEmpty()) {
                return out;
            }
            after = page.shards().getLast().id();
        }
    }

    /** The stored record under {@code locator}, or null. */
    public byte[] getRecord(byte[] locator) {
        checkOpenUnchecked();
        mapLock.readLock().lock();
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer v = records.get(txn, key(locator));
            if (v == null) {
                return null;
            }
            byte[] out = new byte[v.remaining()];
            v.duplicate().get(out);
            return out;
        } finally {
            mapLock.readLock().unlock();
        }
    }

    public long shardCount() {
        return shardCount.get();
    }

    public long shardBytes() {
        return shardBytes.get();
    }

    public StoreStats stats() {
        checkOpenUnchecked();
        long mapSize;
        long mapUsed;
        mapLock.readLock().lock();
        try {
            var i = env.info();
            mapSize = i.mapSize;
            mapUsed = (i.lastPageNumber + 1) * 4096L;
        } finally {
            mapLock.readLock().unlock();
        }
        long total;
        long usable;
        try {
            total = fileStore.getTotalSpace();
            usable = fileStore.getUsableSpace();
        } catch (IOException e) {
            total = 0;
            usable = 0;
        }
        return new StoreStats(shardCount.get(), shardBytes.get(), mapSize, mapUsed, total, usable,
                config.capacity(), full);
    }

    private void checkOpen() throws StoreException {
        if (closed) {
            throw new StoreException(ErrorCode.SHUTTING_DOWN, "the store is closed");
        }
    }

    private void checkOpenUnchecked() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }

    private ByteBuffer key(byte[] id) {
        ByteBuffer k = keyBuffer.get();
        k.clear();
        k.put(id).flip();
        return k;
    }

    private static ByteBuffer directOf(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
        b.put(bytes).flip();
        return b;
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops taking writes, lets the writer finish what is queued, then closes LMDB. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WriteOp left;
        while ((left = queue.poll()) != null) {
            left.fail(new StoreException(ErrorCode.SHUTTING_DOWN, "the store is closing"));
        }
        // Waits for lent shard views (their flush is moments away); a view never released would
        // leave the map open rather than unmap memory a buffer still points into.
        try {
            if (!mapLock.writeLock().tryLock(10, TimeUnit.SECONDS)) {
                LOG.warn("store {}: shard reads still outstanding after 10 s; leaving the map open", dir);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            env.close();
        } finally {
            mapLock.writeLock().unlock();
        }
    }
}
