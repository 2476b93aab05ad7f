package dcfs.vfs.data;

import dcfs.vfs.FsException;
import dcfs.vfs.VfsConfig;
import dcfs.vfs.meta.MetaStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread: writes back stripes dirty for longer than {@link VfsConfig#writeBackDelay}
 * (at once when the cache is short of memory), commits attributes left dirty by writes, makes the
 * metadata durable every {@link VfsConfig#syncInterval}, then deletes garbage that became safe to
 * delete, and keeps the local journal to {@code journalKeep} entries.
 *
 * <p>It starts a write-back only after taking the file's read lock with {@code tryLock}: a file
 * whose writer holds its lock writes back its own stripes when it needs memory.
 */
public final class Flusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
    private static final long TICK_MILLIS = 100;

    private final FileContent content;
    private final OpenFiles openFiles;
    private final MetaStore meta;
    private final GarbageCollector gc;
    private final LazyAtimes lazyAtimes;
    private final long delayNanos;
    private final long syncNanos;
    private final long journalKeep;
    private final boolean readOnly;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean pressure;
    private volatile boolean stopping;
    private long lastSync = System.nanoTime();
    private long lastTrim = System.nanoTime();
    /** The durable sequence garbage was last collected at. */
    private long collectedAt = -1;

    /** Periodic metadata housekeeping the flusher runs for others (deleting forgotten orphans). */
    @FunctionalInterface
    public interface Chore {
        int run() throws FsException;
    }

    private final Chore reclaim;

    public Flusher(FileContent content, OpenFiles openFiles, MetaStore meta, GarbageCollector gc,
                   LazyAtimes lazyAtimes, VfsConfig config, long journalKeep, Chore reclaim) {
        this.content = content;
        this.reclaim = reclaim;
        this.lazyAtimes = lazyAtimes;
        this.openFiles = openFiles;
        this.meta = meta;
        this.gc = gc;
        this.delayNanos = config.writeBackDelay().toNanos();
        this.syncNanos = config.syncInterval().toNanos();
        this.journalKeep = journalKeep;
        this.readOnly = config.readOnly();
        content.cache().onPressure(this::pressure);
        this.thread = Thread.ofPlatform().name("dcfs-flusher").daemon(true).unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    /** The cache is out of memory: write back now instead of waiting for the delay. */
    private void pressure() {
        lock.lock();
        try {
            pressure = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!stopping) {
            boolean urgent;
            lock.lock();
            try {
                if (!pressure) {
                    wake.await(TICK_MILLIS, TimeUnit.MILLISECONDS);
                }
                urgent = pressure;
                pressure = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                tick(urgent);
            } catch (RuntimeException | FsException e) {
                LOG.warn("background flush: {}", e.toString());
            }
        }
    }

    private void tick(boolean urgent) throws FsException {
        long now = System.nanoTime();
        reclaim.run();
        StripeCache cache = content.cache();
        for (OpenFile f : cache.filesWithDirty()) {
            List<CachedStripe> due = cache.dirtyEntries(f, urgent ? Long.MAX_VALUE : now - delayNanos);
            if (due.isEmpty()) {
                continue;
            }
            try {
                content.resolvePending(f, false); // a writer holding the lock: next tick
            } catch (FsException e) {
                LOG.warn("background flush of inode {}: {}", f.ino(), e.getMessage());
            }
            if (!f.lock.readLock().tryLock()) {
                continue;
            }
            try {
                content.io().writeBack(f, due);
            } finally {
                f.lock.readLock().unlock();
            }
        }
        for (OpenFile f : openFiles.all()) {
            long since = f.attrsDirtySince();
            if (since != 0 && now - since > delayNanos) {
                content.commitAttrs(f);
            }
        }
        if (now - lastSync > syncNanos) {
            lastSync = now;
            lazyAtimes.commit(meta);
            if (meta.lastSeq() > meta.durableSeq()) {
                meta.sync();
            }
            // Over the network garbage becomes deletable when a ship lands, not when LMDB syncs. A
            // read-only mount deletes nothing: the writer (or the next writable mount) does.
            long durable = gc.durableSeq();
            if (!readOnly && durable > collectedAt) {
                collectedAt = durable;
                gc.collectDurable();
            }
            if (journalKeep > 0 && now - lastTrim > TimeUnit.SECONDS.toNanos(30)) {
                lastTrim = now;
                long last = meta.lastSeq();
                if (last - meta.firstJournalSeq() > journalKeep + journalKeep / 4) {
                    meta.trimJournal(last - journalKeep);
                }
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        lock.lock();
        try {
            wake.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
