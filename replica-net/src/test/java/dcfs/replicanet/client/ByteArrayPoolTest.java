package dcfs.replicanet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ByteArrayPoolTest {
    private static final int N = ByteArrayPool.MIN_LENGTH;

    @Test
    void arraysGivenBackAreLentAgainForTheirLengthOnly() {
        ByteArrayPool pool = new ByteArrayPool(10L * N);
        byte[] a = pool.apply(N);
        byte[] b = pool.apply(N);
        pool.giveBack(new byte[][]{a, null, b});
        assertEquals(2, pool.free());
        assertEquals(N + 1, pool.apply(N + 1).length, "another length is allocated, not cut from a pooled array");
        assertSame(b, pool.apply(N), "the last given back is lent first");
        assertSame(a, pool.apply(N));
        assertNotSame(a, pool.apply(N), "an empty pool allocates");
        assertEquals(2, pool.counts()[0]);
        assertEquals(4, pool.counts()[1]);
    }

    @Test
    void smallArraysAreNotKept() {
        ByteArrayPool pool = new ByteArrayPool(10L * N);
        pool.giveBack(new byte[][]{new byte[N - 1], new byte[100]});
        assertEquals(0, pool.free());
    }

    @Test
    void pastItsCapacityThePoolDropsTheLengthUsedLongestAgo() {
        ByteArrayPool pool = new ByteArrayPool(4L * N);
        pool.giveBack(new byte[][]{new byte[N], new byte[N]});
        byte[] full1 = new byte[2 * N - 2];
        pool.giveBack(new byte[][]{full1});
        assertEquals(3, pool.free());
        byte[] full2 = new byte[2 * N - 2];
        pool.giveBack(new byte[][]{full2});
        // 2·N + 2·(2N-2) > 4N: the N-byte arrays, given back longest ago, made room.
        assertEquals(2, pool.free());
        assertSame(full2, pool.apply(2 * N - 2));
        assertSame(full1, pool.apply(2 * N - 2));
        assertEquals(N, pool.apply(N).length);
        assertEquals(2, pool.counts()[0], "nothing of length N was left");
    }

    @Test
    void aResizedPoolKeepsUpToItsNewCapacity() {
        ByteArrayPool pool = new ByteArrayPool(2L * N);
        byte[][] four = {new byte[N], new byte[N], new byte[N], new byte[N]};
        pool.giveBack(four);
        assertEquals(2, pool.free(), "two fit in 2·N");
        pool.capacity(4L * N);
        pool.giveBack(four[0], four[1]);
        assertEquals(4, pool.free(), "grown: four fit");
        pool.capacity(N);
        assertEquals(1, pool.free(), "shrunk: the extra arrays are dropped at once");
        assertEquals(N, pool.capacity());
    }
}
