package dcfs.keyring.identity;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether a peer belongs to the network: its certificate must be signed by the network
 * certificate this verifier was given (and no other: the JDK's default CAs play no part), be
 * within its validity window, name the key it holds, carry a role, and its id must not be on the
 * revocation list. Only the first certificate of a chain counts; anything after it is ignored,
 * since trust comes from the pinned network certificate, not from what the peer sends.
 *
 * <p>Thread-safe: the revocation list is swapped atomically by {@link #update}.
 */
public final class PeerVerifier {
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_URI = 6;

    private final X509Certificate network;
    private final NetworkId networkId;
    private final Clock clock;
    private volatile RevocationList revocations;

    /**
     * @param network the network certificate (the only trust anchor)
     * @param revocations the current revocation list of that network
     * @param clock the clock validity windows are checked against
     */
    public PeerVerifier(X509Certificate network, RevocationList revocations, Clock clock) {
        this.network = Objects.requireNonNull(network);
        this.networkId = NetworkId.of(network.getPublicKey());
        if (!revocations.networkId().equals(networkId)) {
            throw new IllegalArgumentException("revocation list is for network " + revocations.networkId().shortForm()
                    + ", not " + networkId.shortForm());
        }
        this.revocations = revocations;
        this.clock = Objects.requireNonNull(clock);
    }

    public PeerVerifier(X509Certificate network, RevocationList revocations) {
        this(network, revocations, Clock.systemUTC());
    }

    public NetworkId networkId() {
        return networkId;
    }

    public X509Certificate networkCertificate() {
        return network;
    }

    public RevocationList revocations() {
        return revocations;
    }

    /**
     * Takes {@code newer} if it is for this network and its sequence is higher than the current
     * list's (lists arrive by gossip, in any order).
     *
     * @return whether the list was taken
     */
    public synchronized boolean update(RevocationList newer) {
        if (!newer.networkId().equals(networkId) || newer.sequence() <= revocations.sequence()) {
            return false;
        }
        revocations = newer;
        return true;
    }

    /** Verifies a peer in any role; see {@link #verify(X509Certificate[], Role)}. */
    public Peer verify(X509Certificate[] chain) throws PeerRejectedException {
        return verify(chain, null);
    }

    /**
     * Verifies the certificate chain a peer presented.
     *
     * @param required the role the peer must have, or null for any
     * @return the peer's id, role, name and expiry
     * @throws PeerRejectedException with the reason in one line
     */
    public Peer verify(X509Certificate[] chain, Role required) throws PeerRejectedException {
        if (chain == null || chain.length == 0) {
            throw new PeerRejectedException("peer presented no certificate");
        }
        X509Certificate leaf = chain[0];
        NodeId id = NodeId.of(leaf.getPublicKey());
        String who = "certificate of " + id.shortForm();
        if (!leaf.getIssuerX500Principal().equals(network.getSubjectX500Principal()) || !signedByNetwork(leaf)) {
            throw new PeerRejectedException(who + " is not signed by network " + networkId.shortForm() + " (issuer: "
                    + leaf.getIssuerX500Principal().getName() + ")");
        }
        if (leaf.getBasicConstraints() != -1) {
            throw new PeerRejectedException(who + " is a CA certificate, not a node or client certificate");
        }
        Instant now = clock.instant();
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new PeerRejectedException(who + " is not valid before " + leaf.getNotBefore().toInstant());
        }
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new PeerRejectedException(who + " expired on " + leaf.getNotAfter().toInstant());
        }
        String cn = CertificateIssuer.commonName(leaf.getSubjectX500Principal());
        if (!id.hex().equals(cn)) {
            throw new PeerRejectedException(who + " names node '" + cn + "', not the key it holds");
        }
        Role role = roleOf(leaf, who);
        if (!sanUris(leaf).contains(CertificateIssuer.sanUri(role, id))) {
            throw new PeerRejectedException(who + " does not name " + CertificateIssuer.sanUri(role, id)
                    + " in its subject alternative name");
        }
        var revoked = revocations.find(id);
        if (revoked.isPresent()) {
            RevocationList.Entry e = revoked.get();
            throw new PeerRejectedException(role + " " + id.shortForm() + " is revoked since " + e.revokedAt()
                    + (e.reason().isEmpty() ? "" : " (" + e.reason() + ")"));
        }
        if (required != null && role != required) {
            throw new PeerRejectedException("peer " + id.shortForm() + " is a " + role + ", but a " + required
                    + " was expected");
        }
        return new Peer(id, role, CertificateIssuer.pseudonym(leaf.getSubjectX500Principal()),
                leaf.getNotAfter().toInstant());
    }

    /** Verifies the peer of an established TLS session (the handshake already did; this names it). */
    public Peer verify(SSLSession session) throws PeerRejectedException {
        try {
            var certs = session.getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                chain[i] = (X509Certificate) certs[i];
            }
            return verify(chain);
        } catch (SSLPeerUnverifiedException e) {
            throw new PeerRejectedException("peer presented no certificate", e);
        }
    }

    /**
     * A JSSE trust manager on this verifier, for both sides of a connection: as a server it admits
     * nodes and clients, as a client it admits only nodes. It never consults the JDK's CAs.
     */
    public X509ExtendedTrustManager trustManager() {
        return new NetworkTrustManager(this);
    }

    private boolean signedByNetwork(X509Certificate leaf) {
        try {
            leaf.verify(network.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static Role roleOf(X509Certificate leaf, String who) throws PeerRejectedException {
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new PeerRejectedException(who + " has an unreadable extended key usage", e);
        }
        if (eku != null && eku.contains(SERVER_AUTH) && eku.contains(CLIENT_AUTH)) {
            return Role.NODE;
        }
        if (eku != null && eku.contains(CLIENT_AUTH)) {
            return Role.CLIENT;
        }
        throw new PeerRejectedException(who + " carries no dcfs role (extended key usage)");
    }

    private static List<String> sanUris(X509Certificate leaf) {
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream().filter(n -> n.size() == 2 && Integer.valueOf(SAN_URI).equals(n.get(0)))
                    .map(n -> String.valueOf(n.get(1))).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
