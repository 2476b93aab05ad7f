package dcfs.keyring.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerVerifierTest {
    @TempDir
    Path tmp;

    NetworkAuthority network;
    NodeIdentity node;

    @BeforeEach
    void setUp() throws Exception {
        network = NetworkAuthority.create(tmp.resolve("net"));
        node = network.issue(Role.NODE, "node-1", Duration.ofDays(30));
    }

    @Test
    void acceptsANodeOfTheNetworkAndNamesIt() throws Exception {
        Peer peer = network.peerVerifier().verify(node.certificateChain());
        assertEquals(node.nodeId(), peer.nodeId());
        assertEquals(Role.NODE, peer.role());
        assertEquals("node-1", peer.name());
        assertEquals(node.notAfter(), peer.notAfter());
    }

    @Test
    void acceptsAClientButNotWhereANodeIsRequired() throws Exception {
        NodeIdentity client = network.issue(Role.CLIENT, "", Duration.ofDays(1));
        PeerVerifier v = network.peerVerifier();
        assertEquals(Role.CLIENT, v.verify(client.certificateChain()).role());
        PeerRejectedException e = assertThrows(PeerRejectedException.class,
                () -> v.verify(client.certificateChain(), Role.NODE));
        assertEquals("peer " + client.nodeId().shortForm() + " is a client, but a node was expected", e.getMessage());
    }

    @Test
    void refusesACertificateNotSignedByTheNetworkKey() throws Exception {
        NetworkAuthority other = NetworkAuthority.create(tmp.resolve("other"));
        NodeIdentity stranger = other.issue(Role.NODE, "stranger", Duration.ofDays(30));
        PeerRejectedException e = assertThrows(PeerRejectedException.class,
                () -> network.peerVerifier().verify(stranger.certificateChain()));
        assertTrue(e.getMessage().startsWith("certificate of " + stranger.nodeId().shortForm()
                + " is not signed by network " + network.networkId().shortForm()), e.getMessage());
    }

    @Test
    void refusesACertificateWithTheNetworksNameButAnotherKey() throws Exception {
        // Same issuer DN as the real network, signed by an impostor key: only the signature tells.
        KeyPair impostor = CertificateIssuer.newKeyPair();
        KeyPair victim = CertificateIssuer.newKeyPair();
        X509Certificate forged = CertificateIssuer.leaf(impostor.getPrivate(), network.certificate(),
                victim.getPublic(), Role.NODE, "forged", Instant.now(), Duration.ofDays(1));
        PeerRejectedException e = assertThrows(PeerRejectedException.class,
                () -> network.peerVerifier().verify(new X509Certificate[] {forged}));
        assertTrue(e.getMessage().contains("is not signed by network " + network.networkId().shortForm()));
    }

    @Test
    void refusesTheNetworkCertificateItselfAsAPeer() {
        PeerRejectedException e = assertThrows(PeerRejectedException.class,
                () -> network.peerVerifier().verify(new X509Certificate[] {network.certificate()}));
        assertTrue(e.getMessage().endsWith("is a CA certificate, not a node or client certificate"), e.getMessage());
    }

    @Test
    void refusesARevokedNode() throws Exception {
        network.revoke(node.nodeId().hex(), "failed audits");
        PeerRejectedException e = assertThrows(PeerRejectedException.class,
                () -> network.peerVerifier().verify(node.certificateChain()));
        assertTrue(e.getMessage().startsWith("node " + node.nodeId().shortForm() + " is revoked since "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(failed audits)"), e.getMessage());
    }

    @Test
    void refusesAnExpiredCertificateAndOneNotYetValid() {
        Instant expiry = node.notAfter();
        PeerVerifier later = new PeerVerifier(network.certificate(), network.revocations(),
                Clock.fixed(expiry.plusSeconds(1), ZoneOffset.UTC));
        PeerRejectedException e = assertThrows(PeerRejectedException.class, () -> later.verify(node.certificateChain()));
        assertEquals("certificate of " + node.nodeId().shortForm() + " expired on " + expiry, e.getMessage());

        PeerVerifier earlier = new PeerVerifier(network.certificate(), network.revocations(),
                Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC));
        e = assertThrows(PeerRejectedException.class, () -> earlier.verify(node.certificateChain()));
        assertTrue(e.getMessage().contains("is not valid before"), e.getMessage());
    }

    @Test
    void refusesAnEmptyChain() {
        PeerRejectedException e = assertThrows(PeerRejectedException.class,
                () -> network.peerVerifier().verify(new X509Certificate[0]));
        assertEquals("peer presented no certificate", e.getMessage());
    }

    @Test
    void takesOnlyNewerRevocationListsOfItsOwnNetwork() throws Exception {
        PeerVerifier v = network.peerVerifier();
        RevocationList first = network.revocations();
        RevocationList second = network.revoke(node.nodeId().hex(), "");
        assertTrue(v.update(second));
        assertFalse(v.update(first), "an older list must not undo a revocation");
        assertThrows(PeerRejectedException.class, () -> v.verify(node.certificateChain()));

        NetworkAuthority other = NetworkAuthority.create(tmp.resolve("other"));
        NodeIdentity x = other.issue(Role.NODE, "", Duration.ofDays(1));
        RevocationList foreign = other.revoke(x.nodeId().hex(), "");
        foreign = other.revoke(other.issue(Role.NODE, "", Duration.ofDays(1)).nodeId().hex(), "");
        assertFalse(v.update(foreign));
    }

    @Test
    void trustManagerAdmitsClientsAsClientsAndOnlyNodesAsServers() throws Exception {
        NodeIdentity client = network.issue(Role.CLIENT, "mount", Duration.ofDays(1));
        var tm = node.trustManager();
        tm.checkClientTrusted(client.certificateChain(), "EC");
        tm.checkClientTrusted(node.certificateChain(), "EC");
        tm.checkServerTrusted(node.certificateChain(), "EC");
        CertificateException e = assertThrows(CertificateException.class,
                () -> tm.checkServerTrusted(client.certificateChain(), "EC"));
        assertTrue(e.getMessage().contains("is a client, but a node was expected"));
        assertEquals(1, tm.getAcceptedIssuers().length);
        assertEquals(network.certificate(), tm.getAcceptedIssuers()[0]);
    }
}
