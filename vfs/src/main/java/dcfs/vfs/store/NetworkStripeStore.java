package dcfs.vfs.store;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.client.ClusterView;
import dcfs.replicanet.client.NotEnoughShardsException;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.client.ByteArrayPool;
import dcfs.replicanet.client.StripeShards;
import dcfs.replicanet.client.StripeWrite;
import dcfs.replicanet.client.WriteFailedException;
import dcfs.replicanet.placement.Shape;
import dcfs.replicanet.placement.StripePlacement;
import dcfs.replicanet.wire.MemberState;
import dcfs.replicanet.wire.Health;
import dcfs.shardcodec.CodecParams;
import dcfs.shardcodec.DecodedStripe;
import dcfs.shardcodec.ShardIds;
import dcfs.shardcodec.StripeAddress;
import dcfs.shardcodec.StripeAssembly;
import dcfs.shardcodec.StripeDecoder;
import dcfs.shardcodec.StripeEncoder;
import dcfs.shardcodec.StripeKeys;
import dcfs.shardcodec.StripePathWarmUp;
import dcfs.shardcodec.StripeUndecodableException;
import dcfs.shardcodec.OpenedShard;
import dcfs.shardcodec.RangeRead;
import dcfs.shardcodec.ShardPiece;
import dcfs.shardcodec.v1.ShardLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of a mounted filesystem: every stripe becomes k+m self-describing encrypted shards
 * (shard-codec, docs/shard-format.md) placed on the storage nodes by the replica client
 * (replica-net, docs/replica-net.md), R copies each.
 *
 * <p>Names and keys come from the key tree (docs/key-tree.md): the file key from the data-key root
 * of the key epoch and the file id, the stripe tag — which is also the placement key — and the shard
 * ids from the shard-tag key, one deletion token per shard. Nodes see only shard ids and
 * ciphertext; no node can tell which file, or even which stripe, a shard belongs to.
 *
 * <p>Thread-safe. Encoders and decoders keep scratch buffers, so each thread gets its own.
 */
public final class NetworkStripeStore implements StripeStore {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkStripeStore.class);

    /** Recovery blob of a file's data stripe (docs/metadata.md, "Recovery blobs"). */
    static final byte[] DATA_BLOB = {'d', 'c', 'f', 's', 1, 'D'};

    private final ReplicaClient client;
    private final KeyTree keys;
    private final Shape shape;
    private final CodecParams params;
    private final int keyEpoch;
    private final long timeoutMillis;
    private final byte[] tagKey;
    private final ThreadLocal<StripeEncoder> encoders = ThreadLocal.withInitial(StripeEncoder::new);
    private final ThreadLocal<StripeDecoder> decoders = ThreadLocal.withInitial(StripeDecoder::new);
    /** Headers of shards read in part lately: 1 MiB, some thousands of shards (see ShardHeaderCache). */
    final ShardHeaderCache headers = new ShardHeaderCache(1L << 20);
    /** Deletes sent but not yet answered; {@link #flush} waits for them. */
    private final Set<CompletableFuture<?>> pendingDeletes = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /**
     * Stripes whose secondary copies are still being written after the put returned (durable).
     * The client keeps their shards until then, so without a bound a writer faster than the
     * network would fill the heap; a put waits here for room.
     */
    private final java.util.concurrent.Semaphore replicationWindow = new java.util.concurrent.Semaphore(REPLICATION_WINDOW);
    /** Stripes in that state at most: 8 × (k+m) shards ≈ 50 MiB at 4 MiB stripes, RS 4+2. */
    static final int REPLICATION_WINDOW = 8;
    /** A range read from single shards waits this long before the whole-stripe read takes over. */
    static final long PART_TIMEOUT_MILLIS = 2_000;
    /** Range reads served from single shards, and those that fell back to the whole stripe (for tests and logs). */
    final java.util.concurrent.atomic.AtomicLong partReads = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong partFallbacks = new java.util.concurrent.atomic.AtomicLong();
    /** The client's shard arrays: sealed into, and given back once a stripe is stored or read. */
    final ByteArrayPool shardArrays;
    private static final long MIN_KEPT_STRIPE_BYTES = 32L << 20;
    /**
     * Stripe buffers the cache gave back, lent to reads and new stripes: eight 4 MiB stripes, or the
     * cache's budget ({@link #keepBuffers}). Kept to the budget because a file's close hands all its
     * stripes back at once; a pool smaller than that made the next read of a large file allocate
     * most of its stripes again, each one a humongous allocation that started a G1 marking cycle
     * (13 cycles and 0.4 s of collector CPU per GiB read).
     */
    final ByteArrayPool stripeArrays = new ByteArrayPool(MIN_KEPT_STRIPE_BYTES);

    /**
     * @param client   connected to the filesystem's nodes; owned by the caller (not closed here)
     * @param keys     the filesystem's key tree; owned by the caller
     * @param shape    k, m and copies R
     * @param segmentSize AEAD segment size of new shards
     * @param keyEpoch the key epoch new stripes are written under
     * @param timeoutMillis how long a put may wait for durability, a get for k shards
     */
    public NetworkStripeStore(ReplicaClient client, KeyTree keys, Shape shape, int segmentSize, int keyEpoch,
                              long timeoutMillis) {
        this.client = client;
        this.keys = keys;
        this.shape = shape;
        this.params = new CodecParams(shape.dataShards(), shape.parityShards(), segmentSize);
        this.keyEpoch = keyEpoch;
        this.shardArrays = client.shardArrays();
        this.timeoutMillis = timeoutMillis;
        this.tagKey = keys.shardTagKey().getEncoded();
    }

    /**
     * Runs the stripe path on throwaway data on a low-priority daemon thread, so that a fresh
     * mount's first writes and reads find the codec compiled ({@link StripePathWarmUp} says why).
     */
    public void warmUpInBackground(int stripeBytes) {
        int bytes = Math.min(stripeBytes, 1 << 20);
        Thread.ofPlatform().daemon().name("dcfs-codec-warmup").priority(Thread.MIN_PRIORITY).start(() -> {
            long start = System.nanoTime();
            try {
                int n = StripePathWarmUp.run(params, bytes, DATA_BLOB, 32, java.time.Duration.ofSeconds(4),
                        () -> closed);
                LOG.debug("stripe path warmed up: {} stripes of {} bytes in {} ms", n, bytes,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.warn("stripe path warm-up failed: {}", e.toString());
            }
        });
    }

    public Shape shape() {
        return shape;
    }

    @Override
    public byte[] stripeBuffer(int length) {
        return stripeArrays.apply(length);
    }

    @Override
    public void recycle(byte[] buffer) {
        stripeArrays.giveBack(buffer);
    }

    @Override
    public void keepBuffers(long bytes) {
        stripeArrays.capacity(Math.max(MIN_KEPT_STRIPE_BYTES, bytes));
    }

    @Override
    public void put(StripeKey key, byte[] data, int off, int len) throws StoreException {
        putWithBlob(key, DATA_BLOB, data, off, len);
    }

    /**
     * Stores a stripe whose recovery blob says what it is (a file's data, or a metadata object),
     * so that {@code dcfs recover} can sort shards with the mnemonic alone.
     */
    public void putWithBlob(StripeKey key, byte[] recoveryBlob, byte[] data, int off, int len) throws StoreException {
        checkOpen(key);
        Named n = name(key, keyEpoch);
        byte[][] shards = encoders.get().encode(n.stripeKeys, n.address, params, recoveryBlob, data, off, len,
                shardArrays);
        try {
            if (!replicationWindow.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new StoreUnavailableException(key, "stripe " + key + ": the nodes have not taken the copies of the "
                        + REPLICATION_WINDOW + " stripes before it within " + timeoutMillis + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(key, "interrupted while storing stripe " + key, e);
        }
        StripeWrite write;
        try {
            write = client.writeStripe(n.address.stripeTag(), shape, n.ids, List.of(shards), n.tokens);
        } catch (RuntimeException e) {
            replicationWindow.release();
            throw e;
        }
        write.replicated().whenComplete((pending, err) -> {
            // No pending copy means every put was answered (none timed out and might still sit in
            // an outbound buffer): nothing reads these arrays any more.
            if (err == null && pending.isEmpty()) {
                shardArrays.giveBack(shards);
            }
            replicationWindow.release();
        });
        try {
            write.durable().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            boolean full = c != null && String.valueOf(c.getMessage()).contains("STORAGE_FULL");
            throw new StoreUnavailableException(key, "stripe " + key + " could not be stored: "
                    + (c instanceof WriteFailedException ? c.getMessage() : String.valueOf(c)), c, full);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException(key, "stripe " + key + " not durable after " + timeoutMillis
                    + " ms: too few nodes answered", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(key, "interrupted while storing stripe " + key, e);
        }
        if (write.placement().underReplicated()) {
            LOG.debug("stripe {} is under-replicated: {}", key, write.placement().reason());
        }
    }

    @Override
    public byte[] get(StripeKey key) throws StoreException {
        checkOpen(key);
        Named n = readName(key, keyEpoch);
        StripeAssembly assembly = new StripeAssembly(n.address, stripeArrays, shardArrays);
        StripeShards got;
        try {
            got = client.readStripe(n.address.stripeTag(), shape, n.ids, (index, offset, bytes, shardLength) ->
                    offset == 0 && decoders.get().authenticateInto(assembly, n.stripeKeys, index, bytes)
                            instanceof OpenedShard)
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw readFailure(key, e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException(key, "stripe " + key + ": fewer than " + shape.dataShards()
                    + " shards arrived within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(key, "interrupted while reading stripe " + key, e);
        }
        if (!got.rejected().isEmpty()) {
            LOG.warn("stripe {}: shards failed authentication and were decoded around: {}", key, got.rejected());
        }
        try {
            DecodedStripe d = assembly.finish();
            // The ciphertexts are decrypted into the stripe (or opened into arrays of their own):
            // the reader and the assembly are done with them.
            shardArrays.giveBack(got.shards());
            return d.data();
        } catch (StripeUndecodableException e) {
            throw new StripeCorruptException(key, e.getMessage());
        }
    }

    /**
     * A range of a file's data stripe, fetching and decrypting only the segments that hold it
     * (docs/shard-format.md, "Partial reads"): a 4 KiB read moves one segment of one data shard and
     * its header from one holder, instead of k whole shards; the header only the first time
     * ({@link ShardHeaderCache}). Anything the short path cannot
     * do — a holder down or slow, a segment that does not authenticate, a stripe of another length
     * than the metadata said — falls back to the whole-stripe read, which decodes around bad shards.
     */
    @Override
    public byte[] getPart(StripeKey key, int stripeLength, int offset, int length) throws StoreException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative range " + offset + "+" + length);
        }
        int len = Math.min(length, stripeLength - offset);
        if (len <= 0) {
            return get(key, offset, length);
        }
        checkOpen(key);
        Named n = readName(key, keyEpoch);
        byte[] part = readSegments(key, n, stripeLength, offset, len);
        if (part != null) {
            partReads.incrementAndGet();
            return part;
        }
        partFallbacks.incrementAndGet();
        return StripeStore.slice(get(key), offset, length);
    }

    /** The short path of {@link #getPart}; null when the whole-stripe read must do it. */
    private byte[] readSegments(StripeKey key, Named n, int stripeLength, int offset, int len) {
        ShardLayout layout;
        List<ShardLayout.ShardRead> reads;
        try {
            layout = ShardLayout.of(params, stripeLength, DATA_BLOB.length);
            reads = layout.locate(offset, len);
        } catch (IllegalArgumentException e) {
            return null;
        }
        ClusterView.Snapshot view = client.view();
        StripePlacement placement = view.topology().place(n.address.stripeTag(), shape);
        ShardPiece[] pieces = new ShardPiece[shape.totalShards()];
        byte[][] fetchedHeaders = new byte[shape.totalShards()][];
        List<ShardId> used = new ArrayList<>(reads.size());
        List<CompletableFuture<Void>> fetches = new ArrayList<>(reads.size());
        for (ShardLayout.ShardRead r : reads) {
            MemberId holder = liveHolder(view, placement, r.shard());
            if (holder == null) {
                return null;
            }
            ShardId id = n.ids.get(r.shard());
            used.add(id);
            // The header from an earlier range read of this shard, else asked for beside the
            // segments on the same connection: one round trip either way.
            byte[] known = headers.get(id, layout.headerLength());
            CompletableFuture<byte[]> header = known != null ? CompletableFuture.completedFuture(known)
                    : client.getShard(holder, id, 0, layout.headerLength());
            CompletableFuture<byte[]> segments = client.getShard(holder, id, r.encryptedOffset(), r.encryptedLength());
            fetches.add(header.thenCombine(segments, (h, sg) -> {
                byte[] piece = java.util.Arrays.copyOf(h, h.length + sg.length);
                System.arraycopy(sg, 0, piece, h.length, sg.length);
                pieces[r.shard()] = new ShardPiece(piece, r.firstSegment());
                if (h != known) {
                    fetchedHeaders[r.shard()] = h;
                }
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
                    .get(Math.min(timeoutMillis, PART_TIMEOUT_MILLIS), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            fetches.forEach(f -> f.cancel(true));
            LOG.debug("stripe {}: range read from single shards failed ({}), reading the whole stripe", key,
                    e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            RangeRead got = decoders.get().readRange(n.stripeKeys, n.address, pieces, offset, len);
            if (!got.rejected().isEmpty()) {
                LOG.warn("stripe {}: shards failed authentication in a range read: {}", key, got.rejected());
                used.forEach(headers::forget);
            } else {
                for (int i = 0; i < fetchedHeaders.length; i++) {
                    if (fetchedHeaders[i] != null) {
                        headers.put(n.ids.get(i), fetchedHeaders[i]);
                    }
                }
            }
            return got.data();
        } catch (StripeUndecodableException e) {
            LOG.debug("stripe {}: range read from single shards did not authenticate ({}), reading the whole stripe",
                    key, e.getMessage());
            used.forEach(headers::forget);
            return null;
        }
    }

    /** The first copy's holder of shard {@code index} that the membership does not call down. */
    private static MemberId liveHolder(ClusterView.Snapshot view, StripePlacement placement, int index) {
        for (MemberId m : placement.holders(index)) {
            if (m != null && view.state(m) == MemberState.UP) {
                return m;
            }
        }
        return null;
    }

    private StoreException readFailure(StripeKey key, Throwable cause) {
        if (cause instanceof NotEnoughShardsException n) {
            if (n.nothingStored()) {
                return new StripeNotFoundException(key);
            }
            if (n.rejectedShards() > 0) {
                return new StripeCorruptException(key, n.getMessage());
            }
        }
        String why = cause == null ? "unknown" : cause.getMessage();
        return new StoreUnavailableException(key, "stripe " + key + " could not be read: " + why, cause);
    }

    private void checkOpen(StripeKey key) throws StoreUnavailableException {
        if (closed) {
            throw new StoreUnavailableException(key, "the network store is closed", null);
        }
    }

    @Override
    public void delete(StripeKey key) {
        Named n = name(key, keyEpoch);
        CompletableFuture<List<String>> f = client.deleteStripe(n.address.stripeTag(), shape, n.ids, n.tokens);
        pendingDeletes.add(f);
        f.whenComplete((unreachable, err) -> {
            pendingDeletes.remove(f);
            if (err != null) {
                LOG.warn("deleting stripe {}: {}", key, err.getMessage());
            } else if (!unreachable.isEmpty()) {
                LOG.info("stripe {}: copies on {} stay until repair removes them", key, unreachable);
            }
        });
    }

    /**
     * Waits for the secondary copies of every stripe stored so far (a put returns once the first
     * copies are durable). Bounded by the store timeout; what is still unwritten then is logged and
     * left to repair (the client keeps it as pending copies).
     */
    public void awaitCopies() throws StoreUnavailableException {
        try {
            if (replicationWindow.tryAcquire(REPLICATION_WINDOW, timeoutMillis, TimeUnit.MILLISECONDS)) {
                replicationWindow.release(REPLICATION_WINDOW);
            } else {
                LOG.warn("secondary copies still being written after {} ms; repair will place what is missing",
                        timeoutMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(null, "interrupted while waiting for copies", e);
        }
    }

    @Override
    public void flush() throws StoreException {
        for (CompletableFuture<?> f : List.copyOf(pendingDeletes)) {
            try {
                f.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Logged by the delete itself; a copy left behind is garbage for repair, not lost data.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException(null, "interrupted while flushing deletes", e);
            }
        }
    }

    /**
     * What the nodes offer, in file bytes: their free disk divided by what one byte of file costs
     * on the nodes ((k+m)/k for the code, times R copies).
     */
    @Override
    public StoreCapacity capacity() {
        long total = 0;
        long free = 0;
        for (ReplicaClient.NodeStatus s : client.nodes(shape)) {
            Health h = s.info().health();
            total += h.diskTotal();
            free += Math.max(0, h.diskTotal() - h.diskUsed());
        }
        double cost = (double) shape.totalShards() / shape.dataShards() * shape.replicas();
        return new StoreCapacity((long) (total / cost), (long) (free / cost));
    }

    /** Waits (bounded) for the copies still being written, so an unmount leaves all R copies. */
    @Override
    public void close() {
        // The client and the key tree belong to the mount session, which closes them after us.
        try {
            awaitCopies();
        } catch (StoreUnavailableException e) {
            LOG.warn("closing: {}", e.getMessage());
        }
        closed = true;
        long[] arrays = shardArrays.counts();
        LOG.debug("shard arrays: {} recycled, {} allocated", arrays[0], arrays[1]);
    }

    /** Everything a stripe is called, from the key tree. */
    private Named name(StripeKey key, int epoch) {
        return name(key, epoch, true);
    }

    /** The names a read needs: no deletion tokens (one HMAC per shard saved on every read). */
    /** The ids of a stripe's shards, in index order (for tests). */
    List<ShardId> shardIds(StripeKey key) {
        return readName(key, keyEpoch).ids;
    }

    private Named readName(StripeKey key, int epoch) {
        return name(key, epoch, false);
    }

    private Named name(StripeKey key, int epoch, boolean withTokens) {
        byte[] fileId = key.fileId().bytes();
        StripeAddress address = StripeAddress.derive(tagKey, fileId, key.stripe(), key.generation(), epoch);
        SecretKey fileKey = keys.dataKey(epoch, fileId);
        List<ShardId> ids = new ArrayList<>(shape.totalShards());
        List<byte[]> tokens = new ArrayList<>(shape.totalShards());
        for (int i = 0; i < shape.totalShards(); i++) {
            byte[] id = ShardIds.shardId(tagKey, fileId, key.stripe(), key.generation(), i);
            ids.add(new ShardId(id));
            if (withTokens) {
                tokens.add(keys.deletionToken(id));
            }
        }
        return new Named(address, new StripeKeys(fileKey, keys.recoveryKey()), ids, tokens);
    }

    /**
     * Everything a stripe is called, from the key tree: its address (the stripe tag is also its
     * placement key), its keys, its k+m shard ids and deletion tokens, index order (no tokens
     * when named for a read).
     */
    public record Named(StripeAddress address, StripeKeys stripeKeys, List<ShardId> ids, List<byte[]> tokens) {
    }

    // ------------------------------------------------------------------ for upkeep (scrub, repair)

    /** The names of a stripe this store wrote (under the store's key epoch). */
    public Named named(StripeKey key) {
        return name(key, keyEpoch);
    }

    /** The replica client the store writes through (upkeep asks nodes one by one). */
    public ReplicaClient client() {
        return client;
    }
}
