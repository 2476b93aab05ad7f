package dcfs.tools.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColumnBlocksTest {

    /** Memory for a shard set stays bounded whatever the file size: a 4 GiB file needs no 4 GiB heap. */
    @Test
    void blocksOfEveryShardTogetherStayWithinTheBudget() {
        long fourGiBShard = (4L << 30) / 4;
        for (int total : new int[] {2, 6, 14, 20, 64, 256}) {
            int block = ColumnBlocks.blockBytes(total, fourGiBShard, 0);
            assertTrue((long) block * total <= Math.max(ColumnBlocks.BUDGET_BYTES, (long) ColumnBlocks.MIN_BLOCK_BYTES * total),
                    total + " shards × " + block);
            assertTrue(block >= ColumnBlocks.MIN_BLOCK_BYTES && block <= ColumnBlocks.MAX_BLOCK_BYTES);
        }
    }

    @Test
    void smallShardsAreOneBlockAndTheTestOverrideWins() {
        assertEquals(100, ColumnBlocks.blockBytes(6, 100, 0));
        assertEquals(7, ColumnBlocks.blockBytes(6, 100, 7));
        assertEquals(100, ColumnBlocks.blockBytes(6, 100, 1000));
    }
}
