package dcfs.replicanet.store;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Lock;
import org.lmdbjava.Txn;

/**
 * Shard bytes read straight out of the store's memory map (ShardStore.lend): the read transaction
 * that keeps those pages valid, and the map lock that keeps the map from being resized under them,
 * are held until the buffer's last release. The lock is a ReentrantReadWriteLock's read side, owned
 * by the thread that took it, so a release on another thread hands the unlocking back to the
 * owner's executor (the channel's event loop, which normally releases the buffer itself while
 * TLS encrypts it during the same flush).
 */
final class LentShardView extends UnpooledDirectByteBuf {
    private final Txn<ByteBuffer> txn;
    private final Lock mapLock;
    private final Thread owner;
    private final Executor ownerExecutor;

    LentShardView(ByteBuffer bytes, Txn<ByteBuffer> txn, Lock mapLock, Executor ownerExecutor) {
        super(UnpooledByteBufAllocator.DEFAULT, bytes, bytes.remaining());
        this.txn = txn;
        this.mapLock = mapLock;
        this.owner = Thread.currentThread();
        this.ownerExecutor = ownerExecutor;
    }

    @Override
    protected void deallocate() {
        super.deallocate(); // drops the reference to the mapped bytes; frees nothing (not ours)
        if (Thread.currentThread() == owner) {
            endRead();
        } else {
            ownerExecutor.execute(this::endRead);
        }
    }

    private void endRead() {
        try {
            txn.close();
        } finally {
            mapLock.unlock();
        }
    }
}
