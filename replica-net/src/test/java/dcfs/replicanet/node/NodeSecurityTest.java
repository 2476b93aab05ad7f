package dcfs.replicanet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.keyring.identity.NetworkAuthority;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.RevocationList;
import dcfs.keyring.identity.Role;
import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.cluster.EmbeddedCluster;
import dcfs.replicanet.membership.MembershipConfig;
import dcfs.replicanet.record.IdentityRecordCrypto;
import dcfs.replicanet.store.StoreConfig;
import dcfs.replicanet.transport.Connection;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.transport.NodeUnavailableException;
import dcfs.replicanet.transport.RemoteException;
import dcfs.replicanet.transport.Transport;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.MemberInfo;
import dcfs.replicanet.wire.Message;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may talk to a node: members of the network only. Foreign, revoked and certificate-less
 * peers are refused during the TLS handshake; clients may not gossip; malformed frames get an
 * error frame and a closed connection while the node keeps serving others. Three real TLS nodes
 * in this JVM.
 */
class NodeSecurityTest {
    @TempDir
    static Path dir;
    static EmbeddedCluster cluster;
    static Transport transport;

    @BeforeAll
    static void start() throws IOException {
        cluster = EmbeddedCluster.start(dir.resolve("c"), 3, MembershipConfig.fast(), StoreConfig.defaults());
        transport = Transport.create("test-io", 1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
        transport.close();
    }

    static Endpoint node1() {
        return cluster.endpoints().get(0);
    }

    static Connection connect(TransportSecurity security) throws Exception {
        Connector c = new Connector(transport, security, 3000);
        try {
            return c.connect(node1()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void aClientOfTheNetworkIsServed() throws Exception {
        Connection c = connect(TransportSecurity.fromIdentity(cluster.clientIdentity()));
        assertEquals(new Message.Pong(1, 42).nonce(),
                ((Message.Pong) c.send(new Message.Ping(0, 42), 5000).get(10, TimeUnit.SECONDS)).nonce());
        assertFalse(c.peer().id() == null);
        assertTrue(c.peer().node(), "the node proved a node certificate");
        c.close();
    }

    @Test
    void aNodeOfAnotherNetworkIsRefused() throws Exception {
        NetworkAuthority other = NetworkAuthority.create(dir.resolve("other-network"));
        Path strangerDir = dir.resolve("stranger");
        other.issue(Role.NODE, "stranger", Duration.ofDays(1), strangerDir);
        NodeUnavailableException e = assertThrows(NodeUnavailableException.class,
                () -> connect(TransportSecurity.fromIdentity(strangerDir)));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        // Started as a node joining the cluster, it never becomes a member.
        NodeConfig cfg = NodeConfig.of(strangerDir, new Endpoint("127.0.0.1", 0), List.of(node1()))
                .withMembership(MembershipConfig.fast()).withIoThreads(1);
        try (NodeServer stranger = NodeServer.start(cfg, TransportSecurity.fromIdentity(strangerDir),
                IdentityRecordCrypto.INSTANCE)) {
            Thread.sleep(1500);
            MemberId sid = stranger.id();
            for (NodeServer n : cluster.nodes()) {
                assertFalse(n.membership().rows().stream().anyMatch(r -> r.id().equals(sid)),
                        "the stranger is not in the view of " + n.id());
            }
        }
    }

    @Test
    void aRevokedNodeIsRefusedOnceTheListReachesTheNodes() throws Exception {
        NetworkAuthority network = NetworkAuthority.load(cluster.layout().networkDir());
        Path victimDir = dir.resolve("victim");
        NodeIdentity victim = network.issue(Role.NODE, "victim", Duration.ofDays(1), victimDir);
        // Admitted before the revocation; this session must end when the list arrives.
        Connection before = connect(TransportSecurity.fromIdentity(victimDir));
        RevocationList list = network.revoke(victim.nodeId().hex(), "failed audits");
        for (int i = 1; i <= 3; i++) {
            list.write(cluster.layout().nodeDir(i).resolve(NodeIdentity.REVOCATIONS_FILE));
        }
        // Nodes look for a newer list every 2 s.
        NodeUnavailableException refused = null;
        for (int i = 0; i < 40 && refused == null; i++) {
            try {
                connect(TransportSecurity.fromIdentity(victimDir)).close();
                Thread.sleep(250);
            } catch (NodeUnavailableException e) {
                refused = e;
            }
        }
        assertTrue(refused != null, "the revoked node was still admitted");
        for (int i = 0; i < 40 && before.isOpen(); i++) {
            Thread.sleep(100);
        }
        assertFalse(before.isOpen(), "the session opened before the revocation was closed");
    }

    @Test
    void aClientWithoutACertificateGetsAnAlertNotASession() throws Exception {
        NodeIdentity client = NodeIdentity.load(cluster.clientIdentity());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("network", client.networkCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(node1().host(), node1().port())) {
            s.setSoTimeout(10_000);
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            // In TLS 1.3 the client's half of the handshake may finish before the server checks its
            // (missing) certificate; the alert then arrives on the first read. Either way: no answer.
            SSLException e = assertThrows(SSLException.class, () -> {
                s.startHandshake();
                // Nothing is written: the node's alert is what the first read finds.
                new DataInputStream(s.getInputStream()).readInt();
            });
            assertTrue(e.getMessage().contains("certificate_required") || e.getMessage().contains("alert"),
                    e.getMessage());
        }
    }

    @Test
    void aClientMayNotGossip() throws Exception {
        Connection c = connect(TransportSecurity.fromIdentity(cluster.clientIdentity()));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> c.send(new Message.Gossip(0, List.<MemberInfo>of()), 5000).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCode.NOT_PERMITTED, assertInstanceOf(RemoteException.class, e.getCause()).code());
        c.close();
    }

    @Test
    void aMalformedFrameIsAnsweredWithAnErrorFrameAndTheNodeServesOthers() throws Exception {
        NodeIdentity client = NodeIdentity.load(cluster.clientIdentity());
        Connection other = connect(TransportSecurity.fromIdentity(cluster.clientIdentity()));
        try (SSLSocket s = (SSLSocket) client.sslContext().getSocketFactory().createSocket(node1().host(),
                node1().port())) {
            s.setSSLParameters(NodeIdentity.sslParameters(false));
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            // A GET_SHARD of 3 body bytes: truncated.
            out.writeInt(9);
            out.writeByte(1);
            out.writeByte(0x02);
            out.writeInt(77);
            out.write(new byte[3]);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int length = in.readInt();
            assertEquals(1, in.readUnsignedByte());
            assertEquals(0xFF, in.readUnsignedByte(), "an ERROR frame");
            assertEquals(77, in.readInt(), "for the offending request id");
            assertEquals(ErrorCode.MALFORMED_FRAME.code(), in.readUnsignedShort());
            byte[] msg = new byte[in.readUnsignedShort()];
            in.readFully(msg);
            assertEquals(length, 6 + 2 + 2 + msg.length);
            assertThrows(EOFException.class, in::readByte, "then the node closes the connection");
            // The other client goes on.
            assertEquals(9L, ((Message.Pong) other.send(new Message.Ping(0, 9), 5000).get(10, TimeUnit.SECONDS)).nonce());
            // And an oversized frame is refused the same way.
        }
        try (SSLSocket s = (SSLSocket) client.sslContext().getSocketFactory().createSocket(node1().host(),
                node1().port())) {
            s.setSSLParameters(NodeIdentity.sslParameters(false));
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(Integer.MAX_VALUE);
            out.writeByte(1);
            out.writeByte(0x01);
            out.writeInt(5);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readInt();
            in.readUnsignedByte();
            assertEquals(0xFF, in.readUnsignedByte());
            in.readInt();
            assertEquals(ErrorCode.FRAME_TOO_LARGE.code(), in.readUnsignedShort());
        }
        assertEquals(3L, ((Message.Pong) other.send(new Message.Ping(0, 3), 5000).get(10, TimeUnit.SECONDS)).nonce());
        other.close();
        assertTrue(Files.exists(cluster.layout().nodeDir(1)));
    }
}
