package dcfs.vfs.sync;

import dcfs.keyring.KeyTree;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.record.IdentityRecordCrypto;
import dcfs.replicanet.record.SignedRecord;
import dcfs.replicanet.wire.Frame;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The superblock on the nodes: the signed record at this identity's locator, kept by the first
 * {@link ReplicaClient#RECORD_COPIES} nodes by rendezvous on it. Reads and writes are quorum
 * operations — a write counts once a majority of the holders stored it, a read needs answers from a
 * majority and takes the newest — so a read always sees the last write that counted, and two
 * writers racing for one sequence number cannot both count (nodes keep the first of equal
 * sequences).
 */
public final class SuperblockStore {
    private static final Logger LOG = LoggerFactory.getLogger(SuperblockStore.class);

    private final ReplicaClient client;
    private final KeyTree keys;
    private final byte[] locator;
    private final long timeoutMillis;

    public SuperblockStore(ReplicaClient client, KeyTree keys, long timeoutMillis) {
        this.client = client;
        this.keys = keys;
        this.locator = keys.superblockLocator();
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The newest superblock a majority of its holders know of; empty if none of them has one (a
     * filesystem that does not exist yet, for this mnemonic, on these nodes).
     *
     * @throws IOException fewer than a majority answered, or the newest record does not open
     */
    public Optional<Stored> fetch() throws IOException {
        int holders = client.recordHolders(locator).size();
        if (holders == 0) {
            throw new IOException("no storage node is known to keep the superblock");
        }
        List<ReplicaClient.RecordCopy> copies = await(client.getRecordCopies(locator, IdentityRecordCrypto.INSTANCE),
                "reading the superblock");
        int need = holders / 2 + 1;
        long answered = copies.stream().filter(ReplicaClient.RecordCopy::holder).count();
        if (answered < need) {
            throw new IOException("only " + answered + " of the " + holders + " nodes keeping the superblock answered; "
                    + need + " are needed to read it safely");
        }
        // The newest among every answer, holders or not: a node that joined since the last write
        // may have become a holder without a copy, while an older holder further down still has it.
        byte[] newest = null;
        long newestSeq = -1;
        for (ReplicaClient.RecordCopy c : copies) {
            if (c.record().isEmpty()) {
                continue;
            }
            try {
                long seq = SignedRecord.parse(c.record().get()).sequence();
                if (seq > newestSeq) {
                    newestSeq = seq;
                    newest = c.record().get();
                }
            } catch (SignedRecord.RecordException e) {
                // getRecordCopies verified it; cannot happen
            }
        }
        if (newest == null) {
            return Optional.empty();
        }
        return Optional.of(SuperblockSeal.open(keys, newest));
    }

    /**
     * Writes {@code sb} as record {@code recordSeq}; returns once a majority of the holders stored it.
     *
     * @throws SuperblockWriteException fewer stored it (unreachable nodes, or a newer record there:
     *                                  the caller finds out which with {@link #fetch})
     */
    public void write(long recordSeq, Superblock sb) throws IOException {
        byte[] record = SuperblockSeal.seal(keys, recordSeq, sb);
        if (record.length > Frame.MAX_RECORD_LENGTH) {
            throw new IllegalStateException("superblock of " + record.length + " bytes exceeds the record limit");
        }
        int holders = client.recordHolders(locator).size();
        int stored = 0;
        Throwable failure = null;
        try {
            stored = await(client.putRecord(locator, record), "writing the superblock");
        } catch (IOException e) {
            failure = e.getCause() != null ? e.getCause() : e;
        }
        if (stored < holders / 2 + 1) {
            throw new SuperblockWriteException(recordSeq, stored, holders, failure);
        }
        if (stored < holders) {
            LOG.debug("superblock {} stored on {} of {} holders", recordSeq, stored, holders);
        }
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) throws IOException {
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(what + ": " + SuperblockWriteException.rootMessage(e), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException(what + ": no answer within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        }
    }
}
