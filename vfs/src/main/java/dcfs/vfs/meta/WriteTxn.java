package dcfs.vfs.meta;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.Txn;

/**
 * One write transaction. Every put and delete (except on the journal itself) is also recorded,
 * in order, into the {@link JournalEntry} committed with it. Callbacks registered with
 * {@link #afterCommit} run once the commit succeeded, {@link #onAbort} ones if it did not.
 */
public final class WriteTxn implements ReadView {
    private final MetaStore store;
    private final Txn<ByteBuffer> txn;
    private final JournalEntry.Encoder journal = new JournalEntry.Encoder();
    private final List<Runnable> afterCommit = new ArrayList<>(2);
    private final List<Runnable> onAbort = new ArrayList<>(1);
    private boolean done;
    private boolean forceJournal;
    private long seq;
    private long markerSeq = -1;
    private boolean unjournaledChanges;

    WriteTxn(MetaStore store, Txn<ByteBuffer> txn) {
        this.store = store;
        this.txn = txn;
    }

    @Override
    public byte[] get(Table table, byte[] key) {
        return ReadTxn.LmdbReads.get(store, txn, table, key);
    }

    @Override
    public void scan(Table table, byte[] prefix, byte[] from, EntryVisitor visitor) {
        ReadTxn.LmdbReads.scan(store, txn, table, prefix, from, visitor);
    }

    public void put(Table table, byte[] key, byte[] value) {
        rawPut(table, key, value);
        if (table.journaled()) {
            journal.put(table, key, value);
        }
    }

    /** Deletes {@code key}; returns whether it existed. */
    public boolean delete(Table table, byte[] key) {
        boolean existed = store.dbi(table).delete(txn, store.key(key));
        if (existed && table.journaled()) {
            journal.delete(table, key);
        }
        return existed;
    }

    /** Restore only: a put that is not journaled (the checkpoint replaces the history). */
    void putUnjournaled(Table table, byte[] key, byte[] value) {
        rawPut(table, key, value);
    }

    /** Restore only: the journal continues from {@code seq}, with an empty entry to carry it. */
    void putJournalMarker(long seq) {
        markerSeq = seq;
    }

    void deleteUnjournaled(Table table, byte[] key) {
        store.dbi(table).delete(txn, store.key(key));
        unjournaledChanges = true;
    }

    /** Runs after a successful commit, with the sequence number known ({@link #seq()}). */
    public void afterCommit(Runnable r) {
        afterCommit.add(r);
    }

    /** Runs if the transaction is not committed (an error, or the work threw). */
    public void onAbort(Runnable r) {
        onAbort.add(r);
    }

    /** The sequence number this transaction committed under (after commit; 0 if it changed nothing). */
    public long seq() {
        return seq;
    }

    /** The sequence number this transaction will commit under if it commits. */
    public long pendingSeq() {
        return store.seqCounter().get() + 1;
    }

    void forceJournal() {
        forceJournal = true;
    }

    private void rawPut(Table table, byte[] key, byte[] value) {
        ByteBuffer dst = store.dbi(table).reserve(txn, store.key(key), value.length);
        dst.put(value);
    }

    void commit() {
        if (markerSeq >= 0) {
            rawPut(Table.JOURNAL, MetaKeys.seq(markerSeq), journal.toBytes());
            txn.commit();
            done = true;
            seq = markerSeq;
            store.seqCounter().set(markerSeq);
            runAll(afterCommit);
            return;
        }
        if (journal.isEmpty() && !forceJournal) {
            // Nothing journaled changed: no sequence number; no commit cost unless the journal
            // itself was trimmed.
            if (unjournaledChanges) {
                txn.commit();
            } else {
                txn.abort();
            }
            done = true;
            runAll(afterCommit);
            return;
        }
        long next = store.seqCounter().get() + 1;
        rawPut(Table.JOURNAL, MetaKeys.seq(next), journal.toBytes());
        txn.commit();
        done = true;
        seq = next;
        store.seqCounter().set(next);
        runAll(afterCommit);
    }

    void abortIfOpen() {
        if (!done) {
            done = true;
            try {
                txn.abort();
            } finally {
                txn.close();
                runAll(onAbort);
            }
        } else {
            txn.close();
        }
    }

    private static void runAll(List<Runnable> rs) {
        for (Runnable r : rs) {
            r.run();
        }
    }
}
