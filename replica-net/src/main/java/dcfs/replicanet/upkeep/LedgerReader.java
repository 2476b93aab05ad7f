package dcfs.replicanet.upkeep;

import dcfs.keyring.identity.Peer;
import dcfs.keyring.identity.PeerRejectedException;
import dcfs.keyring.identity.PeerVerifier;
import dcfs.keyring.identity.Role;
import dcfs.proofs.ledger.LedgerEntry;
import dcfs.proofs.ledger.MalformedLedgerException;
import dcfs.proofs.ledger.RewardLedger;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.client.ReplicaClient;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.wire.Message;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a node's whole ledger ({@code LEDGER}, page by page) and checks it with nothing but the
 * network certificate: the certificate the node sends must be signed by the network and name the
 * node asked; every entry must be signed by that node, and the chain must hold (sequence numbers,
 * hash links: {@link RewardLedger#verifyChain}).
 */
public final class LedgerReader {
    private static final int PAGE = Message.GetLedger.MAX_ENTRIES;

    private LedgerReader() {
    }

    /**
     * One node's ledger as read.
     *
     * @param entries every entry that decoded, in order (possibly fewer than the node holds, if it
     *     could not be read to the end)
     * @param verified whether the certificate, every signature and the chain hold
     * @param problem why not, or empty
     */
    public record Read(MemberId node, List<LedgerEntry> entries, boolean verified, String problem) {
    }

    /** Reads and checks {@code node}'s ledger; never throws for what the node sends. */
    public static Read read(ReplicaClient client, MemberId node, PeerVerifier network, long timeoutMillis) {
        List<LedgerEntry> entries = new ArrayList<>();
        byte[] cert = null;
        long from = 0;
        try {
            while (true) {
                Message.LedgerPage p = client.ledger(node, from, PAGE).get(timeoutMillis, TimeUnit.MILLISECONDS);
                cert = p.certificate();
                for (byte[] e : p.entries()) {
                    entries.add(LedgerEntry.decode(e));
                }
                from += p.entries().size();
                if (!p.more() || p.entries().isEmpty()) {
                    break;
                }
            }
        } catch (MalformedLedgerException e) {
            return new Read(node, entries, false, "entry " + from + " does not decode: " + e.getMessage());
        } catch (Exception e) {
            return new Read(node, entries, false, "cannot read its ledger: " + Connector.rootMessage(e));
        }
        PublicKey key;
        try {
            X509Certificate x = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cert));
            Peer peer = network.verify(new X509Certificate[] {x}, Role.NODE);
            if (!peer.nodeId().hex().equals(node.hex())) {
                return new Read(node, entries, false, "it sent the certificate of " + peer.nodeId().shortForm());
            }
            key = x.getPublicKey();
        } catch (CertificateException e) {
            return new Read(node, entries, false, "its certificate does not parse: " + e.getMessage());
        } catch (PeerRejectedException e) {
            return new Read(node, entries, false, e.getMessage());
        }
        for (LedgerEntry e : entries) {
            if (!e.signerId().equals(node.hex())) {
                return new Read(node, entries, false, "entry " + e.sequence() + " is signed by " + e.signerId()
                        + ", not by the node whose ledger it is");
            }
        }
        try {
            RewardLedger.verifyChain(entries, signer -> Optional.of(key));
        } catch (MalformedLedgerException e) {
            return new Read(node, entries, false, e.getMessage());
        }
        return new Read(node, entries, true, "");
    }
}
