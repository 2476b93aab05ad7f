package dcfs.shardcodec;

import java.util.function.IntFunction;

/**
 * Where large scratch arrays come from and go back to: a pool that lends used arrays, or plain
 * allocation. An array lent holds whatever its last user left; whoever borrows it writes every
 * byte it will read.
 */
public interface ArrayLender extends IntFunction<byte[]> {
    /** Allocates, and leaves arrays handed back to the collector. */
    ArrayLender ALLOCATE = new ArrayLender() {
        @Override
        public byte[] apply(int length) {
            return new byte[length];
        }

        @Override
        public void giveBack(byte[]... arrays) {
        }
    };

    /** Takes back arrays nothing reads any more (null entries are skipped). */
    void giveBack(byte[]... arrays);
}
