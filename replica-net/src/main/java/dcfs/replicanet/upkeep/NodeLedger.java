package dcfs.replicanet.upkeep;

import dcfs.keyring.identity.NodeIdentity;
import dcfs.proofs.ledger.EntryKind;
import dcfs.proofs.ledger.LedgerEntry;
import dcfs.proofs.ledger.MalformedLedgerException;
import dcfs.proofs.ledger.RewardLedger;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.wire.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * This node's reward ledger: the file {@code DIR/ledger.dcl} (docs/proofs.md, "Ledger file"), every
 * entry signed with the node's identity key (ECDSA P-256, the key of its network-signed
 * certificate), so anyone holding the network certificate can check the chain with nothing but
 * what {@code LEDGER} returns. Thread-safe ({@link RewardLedger} serializes appends).
 */
public final class NodeLedger implements AutoCloseable {
    public static final String FILE = "ledger.dcl";

    private final RewardLedger ledger;
    private final NodeIdentity identity;
    private final byte[] certificate;

    private NodeLedger(RewardLedger ledger, NodeIdentity identity, byte[] certificate) {
        this.ledger = ledger;
        this.identity = identity;
        this.certificate = certificate;
    }

    /** Opens (or starts) the ledger in {@code dir}; refuses a file whose chain does not hold. */
    public static NodeLedger open(Path dir, NodeIdentity identity) throws IOException {
        Path file = dir.resolve(FILE);
        try {
            return new NodeLedger(RewardLedger.open(file), identity, identity.certificate().getEncoded());
        } catch (MalformedLedgerException e) {
            throw new IOException("the reward ledger " + file + " is damaged: " + e.getMessage()
                    + " (move it aside to start a new one)", e);
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode this node's certificate: " + e.getMessage(), e);
        }
    }

    /** The id entries carry as signer: this node's id, 64 hex. */
    public String signerId() {
        return identity.nodeId().hex();
    }

    /** Appends and syncs one entry about {@code about}. */
    public LedgerEntry record(EntryKind kind, MemberId about, long amount, String detail) throws IOException {
        try {
            return ledger.append(kind, about.hex(), amount, detail, signerId(), identity.privateKey());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign a ledger entry: " + e.getMessage(), e);
        }
    }

    public List<LedgerEntry> entries() {
        return ledger.entries();
    }

    /** Entries [from, from + max) as one {@code LEDGER_PAGE}, with this node's certificate. */
    public Message.LedgerPage page(int requestId, long from, int max) {
        List<LedgerEntry> all = ledger.entries();
        List<byte[]> out = new ArrayList<>();
        long i = Math.max(0, from);
        for (; i < all.size() && out.size() < max; i++) {
            out.add(all.get((int) i).encode());
        }
        return new Message.LedgerPage(requestId, i < all.size(), certificate.clone(), out);
    }

    @Override
    public void close() throws IOException {
        ledger.close();
    }
}
