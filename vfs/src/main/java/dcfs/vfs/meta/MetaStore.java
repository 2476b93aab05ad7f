package dcfs.vfs.meta;

import dcfs.replicanet.store.LmdbNativeLibrary;
import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * The mount's local metadata: one LMDB environment with the {@link Table}s of docs/metadata.md.
 *
 * <p>Every change is one short write transaction ({@link #write}); each commit also stores the
 * transaction's changes in {@link Table#JOURNAL} under the next sequence number, in the same
 * transaction. Commits do not fsync (MDB_NOSYNC): {@link #sync} makes everything committed so far
 * durable, and {@link #awaitDurable} lets an fsync wait for exactly what it needs, sharing one
 * sync among concurrent callers (group commit). A crash of this process loses nothing committed;
 * a crash of the machine loses what was committed after the last sync.
 *
 * <p>Locking: LMDB admits one write transaction at a time (its writer mutex); {@link #lastSeq} is
 * only advanced while holding it. {@code syncLock} serialises {@link #sync} calls so that each
 * caller either runs a sync or finds its sequence already covered. Write transactions must begin
 * and end on the same platform thread (LMDB's mutex is owned by the OS thread).
 *
 * <p>Exclusive use: {@code owner.lock} in the directory is locked for as long as the store is
 * open, so two mounts never share one metadata directory.
 */
public final class MetaStore implements AutoCloseable, Durability {
    static {
        LmdbNativeLibrary.install(); // before lmdbjava loads its library: see there
    }

    /** Version of the table layouts (docs/metadata.md); stored in INFO["format"]. */
    public static final int FORMAT_VERSION = 1;
    static final long DEFAULT_MAP_SIZE = 256L << 30;

    private final Path dir;
    private final Env<ByteBuffer> env;
    private final Map<Table, Dbi<ByteBuffer>> dbis = new EnumMap<>(Table.class);
    private final AtomicLong lastSeq = new AtomicLong();
    private volatile long durableSeq;
    private final ReentrantLock syncLock = new ReentrantLock();
    /**
     * Held for every write transaction, and by {@link #exclusively} callers that must not overlap
     * one (the open-files registry). Taken before LMDB's own writer mutex, so Java threads queue
     * here rather than in native code. Reentrant: a write may run inside {@link #exclusively}.
     */
    private final ReentrantLock writerLock = new ReentrantLock();
    private final FileChannel lockChannel;
    private final FileLock ownerLock;
    private final ThreadLocal<ByteBuffer> keyScratch;
    private volatile boolean closed;

    private MetaStore(Path dir, Env<ByteBuffer> env, FileChannel lockChannel, FileLock ownerLock) {
        this.dir = dir;
        this.env = env;
        this.lockChannel = lockChannel;
        this.ownerLock = ownerLock;
        int maxKey = env.getMaxKeySize();
        this.keyScratch = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(maxKey));
    }

    /** Opens (creating if needed) the metadata in {@code dir}. */
    public static MetaStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve("owner.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new MetadataInUseException("metadata in " + dir + " is in use by another dcfs mount");
        }
        Env<ByteBuffer> env;
        try {
            env = Env.create(ByteBufferProxy.PROXY_OPTIMAL)
                    .setMapSize(DEFAULT_MAP_SIZE)
                    .setMaxDbs(Table.values().length + 2)
                    .setMaxReaders(512)
                    .open(dir.toFile(), EnvFlags.MDB_NOSYNC, EnvFlags.MDB_NOTLS);
            env.readerCheck();
        } catch (LmdbException e) {
            lock.release();
            lockChannel.close();
            throw new IOException("cannot open metadata in " + dir + ": " + e.getMessage(), e);
        }
        MetaStore m = new MetaStore(dir, env, lockChannel, lock);
        for (Table t : Table.values()) {
            m.dbis.put(t, env.openDbi(t.dbName(), DbiFlags.MDB_CREATE));
        }
        long last = m.read(v -> m.lastJournalSeq(v));
        m.lastSeq.set(last);
        m.durableSeq = last;
        return m;
    }

    public Path directory() {
        return dir;
    }

    /** Runs {@code work} in a read transaction (a consistent snapshot). */
    public <T> T read(ReadWork<T> work) {
        try (ReadTxn r = new ReadTxn(this, env.txnRead())) {
            return work.run(r);
        }
    }

    /** Runs {@code work} in a read transaction; the work may fail with a POSIX error. */
    public <T> T readChecked(CheckedReadWork<T> work) throws FsException {
        checkOpen();
        try (ReadTxn r = new ReadTxn(this, env.txnRead())) {
            return work.run(r);
        } catch (LmdbException e) {
            throw new FsException(Errno.EIO, "metadata read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in a write transaction and commits it (without fsync). If the work throws,
     * nothing it did is kept. Only one write transaction runs at a time.
     */
    public <T> T write(WriteWork<T> work) throws FsException {
        checkOpen();
        writerLock.lock();
        WriteTxn w;
        try {
            w = new WriteTxn(this, env.txnWrite());
        } catch (LmdbException e) {
            writerLock.unlock();
            throw new FsException(Errno.EIO, "metadata write failed: " + e.getMessage(), e);
        }
        try {
            T result = work.run(w);
            w.commit();
            return result;
        } catch (Env.MapFullException e) {
            throw new FsException(Errno.ENOSPC, "metadata map is full", e);
        } catch (LmdbException e) {
            throw new FsException(Errno.EIO, "metadata write failed: " + e.getMessage(), e);
        } finally {
            try {
                w.abortIfOpen();
            } finally {
                writerLock.unlock();
            }
        }
    }

    /**
     * Runs {@code work} while no write transaction can run (holding the writer lock), reading
     * the committed state. For decisions that must not interleave with a write but usually write
     * nothing (registering an open file); {@code work} may start a write itself.
     */
    public <T> T exclusively(CheckedReadWork<T> work) throws FsException {
        writerLock.lock();
        try {
            return readChecked(work);
        } finally {
            writerLock.unlock();
        }
    }

    /** Runs {@code work} holding the writer lock, without opening a transaction. */
    public <T> T underWriterLock(LockedWork<T> work) throws FsException {
        writerLock.lock();
        try {
            return work.run();
        } finally {
            writerLock.unlock();
        }
    }

    @FunctionalInterface
    public interface LockedWork<T> {
        T run() throws FsException;
    }

    /** Whether this thread holds the writer lock (in a write or {@link #exclusively}). */
    public boolean holdsWriterLock() {
        return writerLock.isHeldByCurrentThread();
    }

    /** The sequence number of the newest committed transaction (0 for none). */
    public long lastSeq() {
        return lastSeq.get();
    }

    /** Every transaction up to this sequence number survives a machine crash. */
    @Override
    public long durableSeq() {
        return durableSeq;
    }

    /** Makes everything committed so far durable (fdatasync of the LMDB file). */
    public void sync() throws FsException {
        syncUpTo(lastSeq.get());
    }

    /** Returns once transaction {@code seq} (and all before it) is durable. */
    @Override
    public void awaitDurable(long seq) throws FsException {
        if (durableSeq >= seq) {
            return;
        }
        syncUpTo(seq);
    }

    private void syncUpTo(long seq) throws FsException {
        syncLock.lock();
        try {
            if (durableSeq >= seq) {
                return;
            }
            checkOpen();
            long target = lastSeq.get();
            env.sync(true);
            durableSeq = target;
        } catch (LmdbException e) {
            throw new FsException(Errno.EIO, "metadata sync failed: " + e.getMessage(), e);
        } finally {
            syncLock.unlock();
        }
    }

    /** Up to {@code max} journal entries with sequence ≥ {@code fromSeq}, in order. */
    public List<JournalEntry> journal(long fromSeq, int max) {
        List<JournalEntry> out = new ArrayList<>();
        read(v -> {
            v.scan(Table.JOURNAL, new byte[0], MetaKeys.seq(fromSeq), (k, val) -> {
                out.add(JournalEntry.decode(MetaKeys.readLong(k, 0), val));
                return out.size() < max;
            });
            return null;
        });
        return out;
    }

    /** The oldest sequence number still in the journal, or 0 if it is empty. */
    public long firstJournalSeq() {
        return read(v -> {
            long[] first = {0};
            v.scan(Table.JOURNAL, new byte[0], null, (k, val) -> {
                first[0] = MetaKeys.readLong(k, 0);
                return false;
            });
            return first[0];
        });
    }

    /**
     * Drops journal entries up to {@code uptoSeq} (inclusive), once something else holds them (a
     * checkpoint, or the nodes). The newest entry is always kept: it carries the sequence number.
     */
    public int trimJournal(long uptoSeq) throws FsException {
        long limit = Math.min(uptoSeq, lastSeq.get() - 1);
        if (limit <= 0) {
            return 0;
        }
        List<byte[]> keys = new ArrayList<>();
        read(v -> {
            v.scan(Table.JOURNAL, new byte[0], null, (k, val) -> {
                if (MetaKeys.readLong(k, 0) > limit) {
                    return false;
                }
                keys.add(k);
                return true;
            });
            return null;
        });
        if (keys.isEmpty()) {
            return 0;
        }
        write(w -> {
            for (byte[] k : keys) {
                w.deleteUnjournaled(Table.JOURNAL, k);
            }
            return null;
        });
        return keys.size();
    }

    /**
     * Applies a journal entry from another copy of this filesystem's metadata. It must be the next
     * one ({@code lastSeq() + 1}); the entry is stored in this journal too, byte for byte.
     */
    public void replay(JournalEntry entry) throws FsException {
        write(w -> {
            if (entry.seq() != lastSeq.get() + 1) {
                throw new FsException(Errno.EINVAL, "journal entry " + entry.seq() + " does not follow " + lastSeq.get());
            }
            for (Change c : entry.changes()) {
                switch (c) {
                    case Change.Put p -> w.put(p.table(), p.key(), p.value());
                    case Change.Delete d -> w.delete(d.table(), d.key());
                }
            }
            w.forceJournal();
            return null;
        });
    }

    /** Disk and map use, for status output and tests. */
    public long sizeBytes() {
        try {
            return Files.size(dir.resolve("data.mdb"));
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            env.sync(true);
        } catch (LmdbException e) {
            // closing anyway; what was committed survives a process exit regardless
        }
        env.close();
        try {
            ownerLock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the process
        }
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- package-private plumbing for ReadTxn / WriteTxn / Checkpoint ----

    Dbi<ByteBuffer> dbi(Table t) {
        return dbis.get(t);
    }

    ByteBuffer key(byte[] k) {
        ByteBuffer b = keyScratch.get();
        b.clear();
        b.put(k).flip();
        return b;
    }

    AtomicLong seqCounter() {
        return lastSeq;
    }

    Txn<ByteBuffer> rawWriteTxn() {
        return env.txnWrite();
    }

    Txn<ByteBuffer> rawReadTxn() {
        return env.txnRead();
    }

    private long lastJournalSeq(ReadView v) {
        byte[] last = ((ReadTxn) v).lastKey(Table.JOURNAL);
        return last == null ? 0 : MetaKeys.readLong(last, 0);
    }

    private void checkOpen() throws FsException {
        if (closed) {
            throw new FsException(Errno.EIO, "metadata is closed");
        }
    }

    @FunctionalInterface
    public interface ReadWork<T> {
        T run(ReadView view);
    }

    @FunctionalInterface
    public interface CheckedReadWork<T> {
        T run(ReadView view) throws FsException;
    }

    @FunctionalInterface
    public interface WriteWork<T> {
        T run(WriteTxn txn) throws FsException;
    }
}
