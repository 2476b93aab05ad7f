package dcfs.proofs.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The append-only reward ledger of one node, kept in a file of length-prefixed entries
 * (docs/proofs.md, "Ledger file"). Appends are synced before they return; opening a file checks the
 * whole chain, so a ledger edited on disk is refused rather than trusted.
 *
 * <p>Thread-safe: appends are serialized on this object.
 */
public final class RewardLedger implements AutoCloseable {
    private static final int MAX_ENTRY_BYTES = 4096;

    private final FileChannel file;
    private final List<LedgerEntry> entries;

    private RewardLedger(FileChannel file, List<LedgerEntry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Opens (or creates) the ledger file and verifies the hash chain of what is already there. */
    public static RewardLedger open(Path path) throws IOException, MalformedLedgerException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            List<LedgerEntry> entries = readAll(ch, path);
            verifyChain(entries, signer -> Optional.empty());
            ch.position(ch.size());
            return new RewardLedger(ch, entries);
        } catch (IOException | MalformedLedgerException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static List<LedgerEntry> readAll(FileChannel ch, Path path) throws IOException, MalformedLedgerException {
        List<LedgerEntry> entries = new ArrayList<>();
        ByteBuffer len = ByteBuffer.allocate(4);
        long pos = 0;
        long size = ch.size();
        while (pos < size) {
            len.clear();
            if (ch.read(len, pos) != 4) {
                throw new MalformedLedgerException(path + ": truncated length at byte " + pos);
            }
            int n = len.flip().getInt();
            if (n <= 0 || n > MAX_ENTRY_BYTES || pos + 4 + n > size) {
                throw new MalformedLedgerException(path + ": entry at byte " + pos + " claims " + n + " bytes");
            }
            ByteBuffer body = ByteBuffer.allocate(n);
            ch.read(body, pos + 4);
            entries.add(LedgerEntry.decode(body.array()));
            pos += 4 + n;
        }
        return entries;
    }

    /**
     * Checks sequence numbers, hash links and — for every signer {@code keys} knows — signatures.
     *
     * @throws MalformedLedgerException naming the first entry that does not hold
     */
    public static void verifyChain(List<LedgerEntry> entries, Function<String, Optional<PublicKey>> keys)
            throws MalformedLedgerException {
        byte[] prev = LedgerEntry.GENESIS;
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry e = entries.get(i);
            if (e.sequence() != i) {
                throw new MalformedLedgerException("entry " + i + " carries sequence " + e.sequence());
            }
            if (!MessageDigest.isEqual(prev, e.previousHash())) {
                throw new MalformedLedgerException("entry " + i + " does not link to entry " + (i - 1));
            }
            Optional<PublicKey> key = keys.apply(e.signerId());
            if (key.isPresent() && !e.verifySignature(key.get())) {
                throw new MalformedLedgerException("entry " + i + ": signature of " + e.signerId() + " does not verify");
            }
            prev = e.hash();
        }
    }

    /** Verifies the chain and requires every signer to be known. */
    public void verify(Map<String, PublicKey> signers) throws MalformedLedgerException {
        List<LedgerEntry> snapshot = entries();
        for (LedgerEntry e : snapshot) {
            if (!signers.containsKey(e.signerId())) {
                throw new MalformedLedgerException("entry " + e.sequence() + " is signed by unknown " + e.signerId());
            }
        }
        verifyChain(snapshot, id -> Optional.ofNullable(signers.get(id)));
    }

    public synchronized LedgerEntry append(EntryKind kind, String nodeId, long amount, String detail, String signerId,
                                           PrivateKey key) throws IOException, GeneralSecurityException {
        LedgerEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        LedgerEntry e = LedgerEntry.sign(last, System.currentTimeMillis(), kind, nodeId, amount, detail, signerId, key);
        byte[] body = e.encode();
        ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
        while (out.hasRemaining()) {
            file.write(out);
        }
        file.force(false);
        entries.add(e);
        return e;
    }

    public synchronized List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }

    /** Sum of amounts per beneficiary node. */
    public synchronized Map<String, Long> balances() {
        Map<String, Long> b = new java.util.TreeMap<>();
        for (LedgerEntry e : entries) {
            b.merge(e.nodeId(), e.amount(), Long::sum);
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

}
