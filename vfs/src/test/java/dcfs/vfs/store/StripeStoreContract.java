package dcfs.vfs.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What vfs relies on from every {@link StripeStore}. Each implementation subclasses this and
 * supplies a fresh store; the network store will too.
 */
public abstract class StripeStoreContract {
    protected StripeStore store;
    private final Random random = new Random(42);

    protected abstract StripeStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    protected byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    protected static StripeKey key(long stripe, long gen) {
        return new StripeKey(new FileId(0x1234, 0x5678), stripe, gen);
    }

    @Test
    void putThenGetReturnsExactlyTheBytes() throws Exception {
        for (int size : new int[] {0, 1, 4095, 65536, 65537, 1 << 20, (1 << 22) - 3}) {
            byte[] data = bytes(size);
            StripeKey k = key(size, 1);
            store.put(k, data, 0, data.length);
            assertArrayEquals(data, store.get(k), "size " + size);
        }
    }

    @Test
    void putUsesOnlyTheGivenSlice() throws Exception {
        byte[] data = bytes(1000);
        store.put(key(0, 1), data, 100, 300);
        assertArrayEquals(Arrays.copyOfRange(data, 100, 400), store.get(key(0, 1)));
    }

    @Test
    void putCopiesSoTheCallerMayReuseItsArray() throws Exception {
        byte[] data = bytes(5000);
        byte[] expected = data.clone();
        store.put(key(0, 1), data, 0, data.length);
        Arrays.fill(data, (byte) 0);
        assertArrayEquals(expected, store.get(key(0, 1)));
    }

    @Test
    void generationsAndStripesAreDistinctObjects() throws Exception {
        byte[] a = bytes(100);
        byte[] b = bytes(100);
        byte[] c = bytes(100);
        store.put(key(0, 1), a, 0, 100);
        store.put(key(0, 2), b, 0, 100);
        store.put(key(1, 1), c, 0, 100);
        assertArrayEquals(a, store.get(key(0, 1)));
        assertArrayEquals(b, store.get(key(0, 2)));
        assertArrayEquals(c, store.get(key(1, 1)));
        StripeKey otherFile = new StripeKey(new FileId(9, 9), 0, 1);
        assertThrows(StripeNotFoundException.class, () -> store.get(otherFile));
    }

    @Test
    void missingStripeIsNotFound() {
        StripeNotFoundException e = assertThrows(StripeNotFoundException.class, () -> store.get(key(7, 7)));
        assertEquals(key(7, 7), e.key());
        assertThrows(StripeNotFoundException.class, () -> store.get(key(7, 7), 0, 10));
    }

    @Test
    void rangeGetReturnsTheSliceAndStopsAtTheEnd() throws Exception {
        byte[] data = bytes(300_000);
        store.put(key(0, 1), data, 0, data.length);
        assertArrayEquals(Arrays.copyOfRange(data, 0, 4096), store.get(key(0, 1), 0, 4096));
        assertArrayEquals(Arrays.copyOfRange(data, 65530, 65600), store.get(key(0, 1), 65530, 70));
        assertArrayEquals(Arrays.copyOfRange(data, 299_000, 300_000), store.get(key(0, 1), 299_000, 5000));
        assertEquals(0, store.get(key(0, 1), 300_000, 10).length);
        assertEquals(0, store.get(key(0, 1), 400_000, 10).length);
        assertEquals(0, store.get(key(0, 1), 10, 0).length);
        byte[] odd = bytes(10_000);
        store.put(key(1, 1), odd, 0, odd.length);
        assertArrayEquals(Arrays.copyOfRange(odd, 9000, 10_000), store.get(key(1, 1), 9000, 4096));
        assertArrayEquals(Arrays.copyOfRange(odd, 4000, 4200), store.get(key(1, 1), 4000, 200));
        for (int off = 0; off < 10_000; off += 997) {
            assertArrayEquals(Arrays.copyOfRange(odd, off, Math.min(10_000, off + 3001)), store.get(key(1, 1), off, 3001));
        }
    }

    @Test
    void rePutReplaces() throws Exception {
        byte[] a = bytes(100);
        byte[] b = bytes(50);
        store.put(key(0, 1), a, 0, a.length);
        store.put(key(0, 1), b, 0, b.length);
        assertArrayEquals(b, store.get(key(0, 1)));
    }

    @Test
    void deleteRemovesAndIsIdempotent() throws Exception {
        store.put(key(0, 1), bytes(10), 0, 10);
        store.delete(key(0, 1));
        store.flush();
        assertThrows(StripeNotFoundException.class, () -> store.get(key(0, 1)));
        store.delete(key(0, 1));
        store.delete(key(5, 5));
    }

    @Test
    void capacityIsSane() throws Exception {
        StoreCapacity c = store.capacity();
        assertTrue(c.totalBytes() > 0);
        assertTrue(c.freeBytes() >= 0 && c.freeBytes() <= c.totalBytes());
    }

    @Test
    void concurrentPutsAndGets() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    Random r = new Random(id);
                    for (int i = 0; i < 20; i++) {
                        byte[] d = new byte[1 + r.nextInt(200_000)];
                        r.nextBytes(d);
                        StripeKey k = key(id, i);
                        store.put(k, d, 0, d.length);
                        assertArrayEquals(d, store.get(k));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedStoreRefusesWork() throws Exception {
        store.close();
        assertThrows(StoreUnavailableException.class, () -> store.put(key(0, 1), new byte[1], 0, 1));
        assertThrows(StoreUnavailableException.class, () -> store.get(key(0, 1)));
        store.close();
    }
}
