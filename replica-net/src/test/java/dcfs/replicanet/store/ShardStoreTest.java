package dcfs.replicanet.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.replicanet.ShardId;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardStoreTest {
    @TempDir
    Path dir;
    ShardStore store;
    final Random random = new Random(42);

    @BeforeEach
    void open() throws Exception {
        store = ShardStore.open(dir, StoreConfig.defaults().withInitialMapSize(1 << 20));
    }

    @AfterEach
    void close() {
        store.close();
    }

    ShardId id(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) (n >> 8);
        b[1] = (byte) n;
        b[31] = 7;
        return new ShardId(b);
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static final byte[] TOKEN = "token of the writer".getBytes();
    static final byte[] TOKEN_HASH = ShardStore.sha256(TOKEN);

    boolean put(ShardId id, byte[] data) {
        return store.put(id, TOKEN_HASH, Unpooled.wrappedBuffer(data)).join();
    }

    byte[] read(ShardId id, int offset, int length) throws StoreException {
        ShardStore.Slice s = store.read(id, offset, length, ByteBufAllocator.DEFAULT);
        try {
            byte[] out = new byte[s.data().readableBytes()];
            s.data().readBytes(out);
            return out;
        } finally {
            s.data().release();
        }
    }

    static ErrorCode codeOf(CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return ((StoreException) e.getCause()).code();
    }

    @Test
    void putThenReadWholeAndRange() throws Exception {
        byte[] data = bytes(100_000);
        assertFalse(put(id(1), data), "first put stores");
        assertArrayEquals(data, read(id(1), 0, Message.GetShard.TO_END));
        byte[] range = read(id(1), 65_536, 4096);
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 65_536, 65_536 + 4096), range);
        assertEquals(100_000, store.length(id(1)));
        assertEquals(-1, store.length(id(2)));
        assertEquals(1, store.shardCount());
        assertEquals(100_000, store.shardBytes());
    }

    @Test
    void samePutTwiceIsIdempotentOtherBytesConflict() {
        byte[] data = bytes(1000);
        assertFalse(put(id(1), data));
        assertTrue(put(id(1), data.clone()), "second put of the same bytes reports already stored");
        byte[] other = data.clone();
        other[999] ^= 1;
        assertEquals(ErrorCode.CONFLICT, codeOf(store.put(id(1), TOKEN_HASH, Unpooled.wrappedBuffer(other))));
        assertEquals(1, store.shardCount());
    }

    @Test
    void readOutsideTheShardIsBadRangeAndMissingIsNotFound() {
        put(id(1), bytes(10));
        assertEquals(ErrorCode.BAD_RANGE, assertThrows(StoreException.class, () -> read(id(1), 8, 4)).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class, () -> read(id(9), 0, 1)).code());
    }

    @Test
    void deleteNeedsTheWritersToken() throws Exception {
        put(id(1), bytes(10));
        assertEquals(ErrorCode.WRONG_DELETION_TOKEN, codeOf(store.delete(id(1), "stranger".getBytes())));
        assertEquals(10, store.length(id(1)));
        assertTrue(store.delete(id(1), TOKEN).join());
        assertFalse(store.delete(id(1), TOKEN).join(), "deleting twice finds nothing");
        assertEquals(0, store.shardCount());
        assertEquals(0, store.shardBytes());
    }

    @Test
    void listPagesThroughEveryShardInOrder() {
        List<CompletableFuture<Boolean>> puts = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            puts.add(store.put(id(i), TOKEN_HASH, Unpooled.wrappedBuffer(bytes(16))));
        }
        puts.forEach(CompletableFuture::join);
        Set<ShardId> seen = new HashSet<>();
        ShardId after = null;
        int pages = 0;
        while (true) {
            Message.ShardList page = store.list(0, after, 100);
            pages++;
            for (Message.ListedShard s : page.shards()) {
                assertTrue(after == null || s.id().compareTo(after) > 0, "ascending");
                assertTrue(seen.add(s.id()));
                assertEquals(16, s.length());
                after = s.id();
            }
            if (!page.more()) {
                break;
            }
        }
        assertEquals(250, seen.size());
        assertEquals(3, pages);
        List<ShardId> all = store.ids();
        assertEquals(seen, new HashSet<>(all), "ids() walks every page");
        assertEquals(all.stream().sorted().toList(), all, "ascending");
    }

    @Test
    void aLentShardKeepsItsBytesAndTheMapWaitsForItsRelease() throws Exception {
        byte[] data = bytes(100_000);
        put(id(1), data);
        assertEquals(ErrorCode.BAD_RANGE, assertThrows(StoreException.class,
                () -> store.lend(id(1), 99_999, 2, Runnable::run)).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(StoreException.class,
                () -> store.lend(id(9), 0, 1, Runnable::run)).code());
        ShardStore.Slice lent = store.lend(id(1), 1000, 5000, Runnable::run);
        assertEquals(100_000, lent.shardLength());
        // Deleted meanwhile: the view's read transaction keeps the pages it points into.
        store.delete(id(1), TOKEN).join();
        // Puts that outgrow the 1 MiB map wait for the view: the map is not resized under it.
        CompletableFuture<Boolean> grows = store.put(id(2), TOKEN_HASH, Unpooled.wrappedBuffer(bytes(1 << 20)));
        CompletableFuture<Boolean> more = store.put(id(3), TOKEN_HASH, Unpooled.wrappedBuffer(bytes(1 << 20)));
        Thread.sleep(300);
        assertFalse(grows.isDone() && more.isDone(), "the map grew while a view into it was lent");
        byte[] got = new byte[5000];
        lent.data().getBytes(0, got);
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 1000, 6000), got);
        assertTrue(lent.data().release());
        grows.get(10, TimeUnit.SECONDS);
        more.get(10, TimeUnit.SECONDS);
        assertTrue(store.stats().mapSize() >= 2L << 20, "map grew once the view was released");
        assertEquals(-1, store.length(id(1)));
    }

    @Test
    void mapGrowsPastItsInitialSizeUnderConcurrentPuts() throws Exception {
        // 1 MiB initial map, 24 MiB of shards written by 24 concurrent puts: several resizes.
        List<CompletableFuture<Boolean>> puts = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            byte[] d = bytes(1 << 20);
            data.add(d);
            puts.add(store.put(id(i), TOKEN_HASH, Unpooled.wrappedBuffer(d)));
        }
        puts.forEach(CompletableFuture::join);
        for (int i = 0; i < 24; i++) {
            assertArrayEquals(data.get(i), read(id(i), 0, Message.GetShard.TO_END));
        }
        assertTrue(store.stats().mapSize() >= 24L << 20, "map grew: " + store.stats().mapSize());
    }

    @Test
    void fullCapacityRefusesPutsAndKeepsServingReads(@TempDir Path other) throws Exception {
        try (ShardStore small = ShardStore.open(other, StoreConfig.defaults().withCapacity(10_000))) {
            byte[] a = bytes(6000);
            assertFalse(small.put(id(1), TOKEN_HASH, Unpooled.wrappedBuffer(a)).join());
            CompletableFuture<Boolean> f = small.put(id(2), TOKEN_HASH, Unpooled.wrappedBuffer(bytes(6000)));
            assertEquals(ErrorCode.STORAGE_FULL, codeOf(f));
            assertTrue(small.stats().full());
            ShardStore.Slice s = small.read(id(1), 0, -1, ByteBufAllocator.DEFAULT);
            assertEquals(6000, s.data().readableBytes());
            s.data().release();
            assertTrue(small.delete(id(1), TOKEN).join());
            assertFalse(small.stats().full(), "room again after a delete");
            assertFalse(small.put(id(2), TOKEN_HASH, Unpooled.wrappedBuffer(bytes(6000))).join());
        }
    }

    @Test
    void contentSurvivesReopen() throws Exception {
        byte[] data = bytes(5000);
        put(id(3), data);
        store.close();
        store = ShardStore.open(dir, StoreConfig.defaults());
        assertArrayEquals(data, read(id(3), 0, -1));
        assertEquals(1, store.shardCount());
        assertEquals(5000, store.shardBytes());
    }

    @Test
    void putAfterCloseFailsAndReleasesTheBuffer() {
        store.close();
        ByteBuf b = Unpooled.directBuffer(4).writeInt(1);
        assertEquals(ErrorCode.SHUTTING_DOWN, codeOf(store.put(id(1), TOKEN_HASH, b)));
        assertEquals(0, b.refCnt());
        assertNull(null);
    }
}
