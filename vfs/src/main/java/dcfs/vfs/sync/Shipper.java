package dcfs.vfs.sync;

import dcfs.vfs.Errno;
import dcfs.vfs.FsException;
import dcfs.vfs.meta.Checkpoint;
import dcfs.vfs.meta.Durability;
import dcfs.vfs.meta.JournalEntry;
import dcfs.vfs.meta.MetaStore;
import dcfs.vfs.store.FileId;
import dcfs.vfs.store.StoreException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships a writable mount's metadata to the nodes and answers fsync: a transaction is durable once
 * its journal entry is in an object or in the superblock's inline tail and a superblock pointing at
 * it has reached a majority of its holders.
 *
 * <p>One round (on the {@code dcfs-shipper} thread) takes every entry committed since the last
 * round and writes one superblock update: the entries inline if the tail stays under
 * {@link SyncConfig#tailBudget}, else the tail and the entries as one journal object; a checkpoint
 * instead when the journal objects grew past {@link SyncConfig#checkpointBytes} (or the local journal
 * no longer holds what is unshipped). Objects the update stops pointing at are listed in it as
 * retired and deleted once it counts. Every update also renews the lease.
 *
 * <p>Rounds run when an fsync asks (all fsyncs waiting then share the next round: group commit),
 * every {@link SyncConfig#shipInterval} when something is unshipped, every third of the lease to
 * renew it, and once more at close, releasing the lease.
 *
 * <p>Fencing: if an update does not count and the nodes hold a newer superblock of another mount
 * (this mount's lease expired and someone took it), the shipper stops for good and every fsync
 * fails with EIO naming the new holder. After any failed update, the next round first reads the
 * superblock back from a majority (a write that counted elsewhere cannot hide from it) before
 * writing again.
 *
 * <p>Locking: {@code this} guards the round bookkeeping; waiters wait on it. A round never holds it
 * while it talks to the nodes.
 */
public final class Shipper implements Durability, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
    private static final int BATCH = 256;
    /** Local journal entries already shipped before the shipper trims them (one transaction). */
    private static final long TRIM_SLACK = 1024;
    private static final long POLL_MILLIS = 250;
    private static final long RETRY_MILLIS = 1000;

    private final MetaStore meta;
    private final SuperblockStore superblocks;
    private final ObjectStore objects;
    private final ObjectNames names;
    private final SyncConfig config;
    private final Lease lease;
    private final LongSupplier clock;
    private final Thread thread;

    // ---- round bookkeeping, guarded by this
    private Stored held;
    private long attemptedSeq;
    private volatile long shipped;
    private long requested;
    private long roundsDone;
    private boolean inRound;
    private FsException lastFailure;
    private FsException fenced;
    private boolean stopping;
    private boolean closed;
    private long lastWriteMillis;
    private long lastShipMillis;
    private boolean verifyFirst;
    /** Objects written by updates that did not count: retired by the next one that does. */
    private final List<ObjectRef> orphaned = new ArrayList<>();

    /**
     * @param held  the superblock this mount wrote last (the one that took the lease)
     * @param lease this mount's lease (renewed from here on)
     */
    public Shipper(MetaStore meta, SuperblockStore superblocks, ObjectStore objects, ObjectNames names,
                   SyncConfig config, Lease lease, Stored held, LongSupplier clock) {
        this.meta = meta;
        this.superblocks = superblocks;
        this.objects = objects;
        this.names = names;
        this.config = config;
        this.lease = lease;
        this.held = held;
        this.attemptedSeq = held.recordSeq();
        this.shipped = held.superblock().metaSeq();
        this.clock = clock;
        this.lastWriteMillis = clock.getAsLong();
        this.lastShipMillis = lastWriteMillis;
        this.thread = Thread.ofPlatform().name("dcfs-shipper").daemon(true).unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    /** The superblock as last written by this mount. */
    public synchronized Stored held() {
        return held;
    }

    /** The newest transaction the nodes have. */
    public long shippedSeq() {
        return shipped;
    }

    @Override
    public long durableSeq() {
        return Math.min(meta.durableSeq(), shipped);
    }

    /** fsync: the local LMDB synced, then {@code seq} on the nodes (sharing a round with other callers). */
    @Override
    public void awaitDurable(long seq) throws FsException {
        meta.awaitDurable(seq);
        if (shipped >= seq) {
            return;
        }
        long deadline = System.nanoTime() + config.fsyncTimeout().toNanos();
        synchronized (this) {
            // The round in progress took its target before this caller committed: wait for the next one.
            long firstRound = roundsDone + (inRound ? 1 : 0);
            requested = Math.max(requested, seq);
            notifyAll();
            while (shipped < seq) {
                if (fenced != null) {
                    throw fenced;
                }
                if (roundsDone > firstRound && lastFailure != null) {
                    throw new FsException(Errno.EIO, lastFailure.getMessage(), lastFailure);
                }
                if (closed) {
                    throw new FsException(Errno.EIO, "metadata shipping has stopped (unmounting)");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new FsException(Errno.EIO, "the metadata did not reach the nodes within "
                            + config.fsyncTimeout().toSeconds() + " s" + (lastFailure == null ? ""
                            : ": " + lastFailure.getMessage()));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FsException(Errno.EIO, "interrupted while waiting for the nodes");
                }
            }
        }
    }

    private void loop() {
        while (true) {
            synchronized (this) {
                while (!stopping && !due()) {
                    try {
                        wait(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopping) {
                    return;
                }
                inRound = true;
            }
            boolean ok = round(false);
            if (!ok) {
                sleepQuietly(RETRY_MILLIS);
            }
        }
    }

    /** Whether a round should run now. Caller holds the monitor. */
    private boolean due() {
        if (fenced != null) {
            return false;
        }
        long now = clock.getAsLong();
        if (requested > shipped) {
            return true;
        }
        if (meta.lastSeq() > shipped && now - lastShipMillis >= config.shipInterval().toMillis()) {
            return true;
        }
        return now - lastWriteMillis >= config.lease().toMillis() / 3;
    }

    /**
     * One superblock update. Returns whether it counted. Runs on the shipper thread, or at close
     * once that thread has ended.
     */
    private boolean round(boolean release) {
        Stored cur;
        long seq;
        boolean verify;
        synchronized (this) {
            cur = held;
            seq = Math.max(held.recordSeq(), attemptedSeq) + 1;
            attemptedSeq = seq;
            verify = verifyFirst;
        }
        FsException failure = null;
        Built built = null;
        long now = clock.getAsLong();
        try {
            if (verify) {
                seq = verifyStillHeld(cur, seq);
                synchronized (this) {
                    attemptedSeq = Math.max(attemptedSeq, seq);
                }
            }
            long target = meta.lastSeq();
            built = build(cur.superblock(), target, seq, release, now);
            superblocks.write(seq, built.superblock());
        } catch (SuperblockWriteException e) {
            failure = new FsException(Errno.EIO, "metadata not saved to the nodes: " + e.getMessage(), e);
            checkFenced(seq);
        } catch (IOException | FsException | RuntimeException e) {
            failure = new FsException(Errno.EIO, "metadata not saved to the nodes: " + e.getMessage(), e);
        }
        Superblock written = null;
        synchronized (this) {
            inRound = false;
            roundsDone++;
            lastFailure = failure;
            if (failure == null) {
                written = built.superblock();
                held = new Stored(seq, written);
                shipped = written.metaSeq();
                lastWriteMillis = now;
                lastShipMillis = now;
                verifyFirst = false;
                orphaned.clear();
            } else {
                verifyFirst = true;
                if (built != null) {
                    orphaned.addAll(built.written());
                }
                // The next superblock lists these as retired, beside a checkpoint's predecessors:
                // past that room it would not fit its limit, so the oldest are given up (they stay
                // on the nodes unreferenced, wasting space, never pointed at again).
                int room = Superblock.MAX_RETIRED - Superblock.MAX_JOURNAL_OBJECTS - 1;
                if (orphaned.size() > room) {
                    int drop = orphaned.size() - room;
                    LOG.warn("{} metadata objects of updates that did not count stay on the nodes unreferenced", drop);
                    orphaned.subList(0, drop).clear();
                }
            }
            notifyAll();
        }
        if (failure != null) {
            LOG.warn("{}", failure.getMessage());
            return false;
        }
        deleteRetired(written.retired(), written.shape().stripeSize());
        trimLocalJournal();
        return true;
    }

    /**
     * After an update that did not count: the superblock read back from a majority must still be
     * this mount's (its own partial write, or the last that counted). Returns the sequence to write.
     */
    private long verifyStillHeld(Stored cur, long seq) throws IOException, FsException {
        Optional<Stored> newest = superblocks.fetch();
        if (newest.isEmpty()) {
            throw new IOException("the superblock is gone from the nodes");
        }
        Stored n = newest.get();
        if (n.recordSeq() > cur.recordSeq() && !ours(n)) {
            fence(n);
            throw fenced;
        }
        return Math.max(seq, n.recordSeq() + 1);
    }

    /** An update did not count: was it because another mount wrote a newer superblock? */
    private void checkFenced(long seq) {
        try {
            Optional<Stored> newest = superblocks.fetch();
            if (newest.isPresent() && newest.get().recordSeq() >= seq && !ours(newest.get())) {
                fence(newest.get());
            }
        } catch (IOException e) {
            LOG.debug("cannot read the superblock back: {}", e.getMessage());
        }
    }

    private boolean ours(Stored s) {
        Lease l = s.superblock().lease();
        return l != null && l.mountId().equals(lease.mountId());
    }

    private synchronized void fence(Stored other) {
        Lease l = other.superblock().lease();
        String who = l == null ? "a mount that has since released it" : l.holder();
        fenced = new FsException(Errno.EIO, "this mount lost the lease on filesystem "
                + other.superblock().fsId().hex().substring(0, 8) + "… to " + who
                + "; it can no longer save changes: unmount it");
        LOG.error("{}", fenced.getMessage());
        notifyAll();
    }

    /** A superblock update and the objects written for it. */
    private record Built(Superblock superblock, List<ObjectRef> written) {
    }

    private Built build(Superblock cur, long committed, long seq, boolean release, long now)
            throws IOException, FsException {
        long target = committed;
        Lease l = release ? null : lease.renewedUntil(now + config.lease().toMillis());
        List<ObjectRef> retire;
        synchronized (this) {
            retire = new ArrayList<>(orphaned);
        }
        long from = cur.metaSeq() + 1;
        // At release the inline tail goes into an object too, so the chain of a cleanly unmounted
        // filesystem lives in objects alone (what recovery without a superblock can find).
        boolean allInObjects = release;
        if (target < from && (!allInObjects || cur.tail().isEmpty())) {
            // Nothing new: the update renews (or releases) the lease only.
            return built(cur, cur.metaSeq(), cur.checkpoint(), cur.journal(), cur.tail(), retire, l, now, List.of());
        }
        target = Math.max(target, cur.metaSeq());
        if ((target >= from && meta.firstJournalSeq() > from) || checkpointDue(cur)) {
            ObjectRef ck = writeCheckpoint(cur.fsId(), cur.shape(), seq);
            if (cur.checkpoint() != null) {
                retire.add(cur.checkpoint());
            }
            retire.addAll(cur.journal());
            return built(cur, ck.lastSeq(), ck, List.of(), List.of(), retire, l, now, List.of(ck));
        }
        List<EntryBytes> fresh = new ArrayList<>();
        long bytes = cur.tailBytes();
        long next = from;
        boolean overflow = false;
        while (next <= target && !overflow) {
            for (JournalEntry e : journalFrom(next)) {
                if (e.seq() > target) {
                    break;
                }
                EntryBytes eb = EntryBytes.of(e);
                fresh.add(eb);
                bytes += eb.recordSize();
                next = e.seq() + 1;
                if (bytes > config.tailBudget() || cur.tail().size() + fresh.size() > Superblock.MAX_TAIL_ENTRIES) {
                    overflow = true;
                    break;
                }
            }
        }
        if (!overflow && !allInObjects) {
            List<EntryBytes> tail = new ArrayList<>(cur.tail());
            tail.addAll(fresh);
            return built(cur, target, cur.checkpoint(), cur.journal(), tail, retire, l, now, List.of());
        }
        // Too much for the record: the tail and everything new become one journal object.
        long first = cur.tail().isEmpty() ? from : cur.tail().getFirst().seq();
        MetaObjectWriter w = new MetaObjectWriter(objects, names, cur.shape(), cur.fsId(), lease.mountId(),
                ObjectKind.JOURNAL, seq);
        ObjectRef ref;
        try {
            w.start(first, target);
            DataOutputStream out = new DataOutputStream(w);
            for (EntryBytes e : cur.tail()) {
                e.writeTo(out);
            }
            for (EntryBytes e : fresh) {
                e.writeTo(out);
            }
            fresh.clear();
            while (next <= target) {
                for (JournalEntry e : journalFrom(next)) {
                    if (e.seq() > target) {
                        break;
                    }
                    EntryBytes.of(e).writeTo(out);
                    next = e.seq() + 1;
                }
            }
            out.writeLong(0);
            out.flush();
            ref = w.finish();
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
        List<ObjectRef> journal = new ArrayList<>(cur.journal());
        journal.add(ref);
        return built(cur, target, cur.checkpoint(), journal, List.of(), retire, l, now, List.of(ref));
    }

    private static Built built(Superblock cur, long metaSeq, ObjectRef checkpoint, List<ObjectRef> journal,
                               List<EntryBytes> tail, List<ObjectRef> retire, Lease l, long now,
                               List<ObjectRef> written) {
        return new Built(cur.advanced(metaSeq, checkpoint, journal, keepOut(retire, checkpoint, journal), tail, l, now),
                written);
    }

    /** {@code retire} without anything still pointed at (a retried object keeps its name), once each. */
    private static List<ObjectRef> keepOut(List<ObjectRef> retire, ObjectRef checkpoint, List<ObjectRef> journal) {
        Set<FileId> live = new HashSet<>();
        if (checkpoint != null) {
            live.add(checkpoint.id());
        }
        journal.forEach(r -> live.add(r.id()));
        List<ObjectRef> out = new ArrayList<>();
        Set<FileId> seen = new HashSet<>();
        for (ObjectRef r : retire) {
            if (!live.contains(r.id()) && seen.add(r.id())) {
                out.add(r);
            }
        }
        return out;
    }

    private List<JournalEntry> journalFrom(long next) throws IOException {
        List<JournalEntry> batch = meta.journal(next, BATCH);
        if (batch.isEmpty() || batch.getFirst().seq() != next) {
            throw new IOException("journal entry " + next + " is not in the local metadata any more");
        }
        return batch;
    }

    private boolean checkpointDue(Superblock cur) {
        long limit = Math.max(config.checkpointBytes(), cur.checkpoint() == null ? 0 : cur.checkpoint().length());
        return cur.journal().size() + 1 >= Superblock.MAX_JOURNAL_OBJECTS || cur.journalBytes() > limit;
    }

    private ObjectRef writeCheckpoint(FileId fsId, FsShape shape, long seq) throws IOException {
        MetaObjectWriter w = new MetaObjectWriter(objects, names, shape, fsId, lease.mountId(), ObjectKind.CHECKPOINT,
                seq);
        try {
            Checkpoint.export(meta, w, s -> w.start(s, s));
            ObjectRef ref = w.finish();
            LOG.info("checkpoint at sequence {}: {} bytes", ref.lastSeq(), ref.length());
            return ref;
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
    }

    /** The update that stopped pointing at these objects counts: delete them. */
    private void deleteRetired(List<ObjectRef> retired, int stripeSize) {
        if (retired.isEmpty()) {
            return;
        }
        for (ObjectRef r : retired) {
            for (long n = 0; n < r.stripes(stripeSize); n++) {
                try {
                    objects.delete(r.stripe(n));
                } catch (StoreException e) {
                    LOG.info("retired metadata object {} stays for repair: {}", r, e.getMessage());
                }
            }
        }
        try {
            objects.flush();
        } catch (StoreException e) {
            LOG.info("deleting retired metadata objects: {}", e.getMessage());
        }
    }

    /** Entries the nodes have are dropped from the local journal, in batches. */
    private void trimLocalJournal() {
        long upto = shipped;
        if (upto - meta.firstJournalSeq() < TRIM_SLACK) {
            return;
        }
        try {
            meta.trimJournal(upto);
        } catch (FsException e) {
            LOG.warn("trimming the local journal: {}", e.getMessage());
        }
    }

    /**
     * Stops the thread, then ships what is left and releases the lease (unless fenced). Throws if
     * the final update did not count (the lease then expires on its own).
     */
    @Override
    public void close() throws FsException {
        synchronized (this) {
            if (closed) {
                return;
            }
            stopping = true;
            notifyAll();
        }
        try {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FsException failure = null;
        boolean isFenced;
        synchronized (this) {
            isFenced = fenced != null;
            inRound = true;
        }
        if (!isFenced && !round(true)) {
            synchronized (this) {
                failure = lastFailure;
            }
        }
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops without shipping anything more or releasing the lease, as a killed process would (tests). */
    public void abandon() {
        synchronized (this) {
            stopping = true;
            closed = true;
            notifyAll();
        }
        try {
            thread.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
