package dcfs.keyring.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real JSSE TLS 1.3 handshakes over loopback with the identities of a network. */
@Timeout(30)
class MutualTlsTest {
    @TempDir
    Path tmp;

    NetworkAuthority network;
    NodeIdentity server;
    NodeIdentity client;

    @BeforeEach
    void setUp() throws Exception {
        network = NetworkAuthority.create(tmp.resolve("net"));
        server = network.issue(Role.NODE, "server", Duration.ofDays(1), tmp.resolve("server"));
        client = network.issue(Role.CLIENT, "mount", Duration.ofDays(1), tmp.resolve("client"));
        // Through the files, as a node and a mount would.
        server = NodeIdentity.load(tmp.resolve("server"));
        client = NodeIdentity.load(tmp.resolve("client"));
    }

    /** What each side saw: the peer it verified, or the exception its handshake (or first read) threw. */
    record Outcome(Peer serverSawPeer, Exception serverFailure, Peer clientSawPeer, Exception clientFailure) {
    }

    @Test
    void membersShakeHandsAndNameEachOther() throws Exception {
        Outcome o = connect(server.sslContext(), client.sslContext());
        assertEquals(null, o.serverFailure());
        assertEquals(null, o.clientFailure());
        assertEquals(client.nodeId(), o.serverSawPeer().nodeId());
        assertEquals(Role.CLIENT, o.serverSawPeer().role());
        assertEquals(server.nodeId(), o.clientSawPeer().nodeId());
        assertEquals(Role.NODE, o.clientSawPeer().role());
    }

    @Test
    void twoNodesShakeHands() throws Exception {
        NodeIdentity other = network.issue(Role.NODE, "peer", Duration.ofDays(1));
        Outcome o = connect(server.sslContext(), other.sslContext());
        assertEquals(other.nodeId(), o.serverSawPeer().nodeId());
        assertEquals(Role.NODE, o.serverSawPeer().role());
    }

    @Test
    void aClientOfAnotherNetworkIsRefused() throws Exception {
        NetworkAuthority foreign = NetworkAuthority.create(tmp.resolve("foreign"));
        NodeIdentity stranger = foreign.issue(Role.CLIENT, "stranger", Duration.ofDays(1));
        // The stranger trusts our server (so the refusal is the server's), holds a foreign
        // certificate, and presents it even though the server asked for ours (a JDK key manager
        // would not: it filters by the issuers the server names).
        SSLContext strangerContext = SSLContext.getInstance("TLSv1.3");
        strangerContext.init(new KeyManager[] {new AlwaysPresent(stranger)}, new TrustManager[] {client.trustManager()},
                null);
        Outcome o = connect(server.sslContext(), strangerContext);
        assertNotNull(o.serverFailure(), "the server must refuse");
        assertTrue(messages(o.serverFailure()).contains("is not signed by network " + network.networkId().shortForm()),
                messages(o.serverFailure()));
        assertNotNull(o.clientFailure(), "the client must see the alert");
        // The client sees the fatal alert, or a reset if the server closed first: either way it fails.
        assertInstanceOf(IOException.class, o.clientFailure());

        // With a JDK key manager the stranger sends no certificate at all, and is refused for that.
        SSLContext plain = SSLContext.getInstance("TLSv1.3");
        plain.init(stranger.keyManagerFactory().getKeyManagers(), new TrustManager[] {client.trustManager()}, null);
        Outcome o2 = connect(server.sslContext(), plain);
        assertNotNull(o2.serverFailure());
        assertInstanceOf(IOException.class, o.clientFailure());
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        SSLContext anonymous = SSLContext.getInstance("TLSv1.3");
        anonymous.init(null, new TrustManager[] {client.trustManager()}, null);
        Outcome o = connect(server.sslContext(), anonymous);
        assertTrue(messages(o.serverFailure()).contains("certificate_required"), messages(o.serverFailure()));
        assertInstanceOf(IOException.class, o.clientFailure());
    }

    @Test
    void aRevokedClientIsRefused() throws Exception {
        server.peerVerifier().update(network.revoke(client.nodeId().hex(), "stolen"));
        Outcome o = connect(server.sslContext(), client.sslContext());
        assertNotNull(o.serverFailure());
        assertTrue(messages(o.serverFailure()).contains("is revoked"), messages(o.serverFailure()));
        assertInstanceOf(IOException.class, o.clientFailure());
    }

    @Test
    void aServerOfAnotherNetworkIsRefusedByTheClient() throws Exception {
        NetworkAuthority foreign = NetworkAuthority.create(tmp.resolve("foreign"));
        NodeIdentity impostor = foreign.issue(Role.NODE, "impostor", Duration.ofDays(1));
        Outcome o = connect(impostor.sslContext(), client.sslContext());
        assertNotNull(o.clientFailure());
        assertTrue(messages(o.clientFailure()).contains("is not signed by network " + client.networkId().shortForm()),
                messages(o.clientFailure()));
        assertNotNull(o.serverFailure());
    }

    /** A key manager that presents one identity whatever the server asks for. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final NodeIdentity identity;

        AlwaysPresent(NodeIdentity identity) {
            this.identity = identity;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "id";
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "id";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"id"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {"id"};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return identity.certificateChain();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return identity.privateKey();
        }
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }

    /** One connection: the server accepts, handshakes, writes a byte; the client handshakes and reads it. */
    private Outcome connect(SSLContext serverContext, SSLContext clientContext) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSSLParameters(NodeIdentity.sslParameters(true));
            CompletableFuture<Object> serverSide = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    Peer peer = server.peerVerifier().verify(s.getSession());
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                    s.getInputStream().read();
                    return peer;
                } catch (Exception e) {
                    return e;
                }
            });
            Object clientResult;
            try (SSLSocket s = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.setSoTimeout(10_000);
                s.setSSLParameters(NodeIdentity.sslParameters(false));
                s.startHandshake();
                // In TLS 1.3 the client finishes before the server has judged its certificate: a
                // refusal arrives as an alert on the first read.
                int b = s.getInputStream().read();
                if (b != 42) {
                    throw new IOException("connection closed without data");
                }
                clientResult = client.peerVerifier().verify(s.getSession());
                s.getOutputStream().write(1);
            } catch (Exception e) {
                clientResult = e;
            }
            Object serverResult = serverSide.get(20, TimeUnit.SECONDS);
            return new Outcome(serverResult instanceof Peer p ? p : null,
                    serverResult instanceof Exception e ? e : null,
                    clientResult instanceof Peer p ? p : null,
                    clientResult instanceof Exception e ? e : null);
        }
    }
}
