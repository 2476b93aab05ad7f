package dcfs.replicanet.transport;

import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.Peer;
import dcfs.keyring.identity.PeerRejectedException;
import dcfs.keyring.identity.PeerVerifier;
import dcfs.keyring.identity.RevocationList;
import dcfs.keyring.identity.Role;
import dcfs.replicanet.MemberId;
import java.io.IOException;
import java.nio.file.Path;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;

/**
 * Everything TLS about the node protocol, in one place: TLS 1.3 only, mutual authentication
 * required, peers trusted only if their chain is signed by the network key and not revoked (the
 * keyring's trust manager decides and says why). No hostname checks: a node is who its
 * network-signed certificate says, whatever address it was reached at; callers that expect a
 * particular node compare {@link #peerOf}'s id.
 *
 * <p>{@link #plaintext} exists for unit tests of framing and store logic only; nodes and clients
 * built from an identity are always TLS.
 */
public final class TransportSecurity {
    private final MemberId self;
    private final boolean selfIsNode;
    private final SslContext server;
    private final SslContext client;
    private final Function<X509Certificate, PeerIdentity> identify;
    private PeerVerifier verifier;

    private TransportSecurity(MemberId self, boolean selfIsNode, SslContext server, SslContext client,
            Function<X509Certificate, PeerIdentity> identify) {
        this.self = self;
        this.selfIsNode = selfIsNode;
        this.server = server;
        this.client = client;
        this.identify = identify;
    }

    /** No TLS: every peer counts as an unauthenticated node. Unit tests only. */
    public static TransportSecurity plaintext(MemberId self) {
        return new TransportSecurity(self, true, null, null, c -> PeerIdentity.UNAUTHENTICATED_NODE);
    }

    /**
     * Mutual TLS 1.3 from a key manager (our key and certificate chain) and a trust manager that
     * accepts only the network's certificates.
     *
     * @param identify turns a verified peer certificate into its identity
     */
    public static TransportSecurity tls(MemberId self, boolean selfIsNode, KeyManagerFactory keys, TrustManager trust,
            Function<X509Certificate, PeerIdentity> identify) throws SSLException {
        SslProvider provider = provider();
        SslContext server = selfIsNode
                ? SslContextBuilder.forServer(keys).trustManager(trust).clientAuth(ClientAuth.REQUIRE)
                        .protocols("TLSv1.3").sslProvider(provider).build()
                : null;
        SslContext client = SslContextBuilder.forClient().keyManager(keys).trustManager(trust)
                .protocols("TLSv1.3").sslProvider(provider).endpointIdentificationAlgorithm(null).build();
        return new TransportSecurity(self, selfIsNode, server, client, identify);
    }

    /**
     * BoringSSL (netty-tcnative) when its native library loads here — its AES-GCM and record layer
     * cost a fraction of the JDK SSLEngine's per shard byte — else the JDK's; {@code
     * -Ddcfs.tls.provider=jdk|openssl} forces one. Both speak the same TLS 1.3, so nodes may differ.
     */
    /** The TLS implementation in use here, for reports: "BoringSSL" or "JDK". */
    public static String providerName() {
        return provider() == SslProvider.OPENSSL ? "BoringSSL" : "JDK";
    }

    static SslProvider provider() {
        String forced = System.getProperty("dcfs.tls.provider", "");
        if (forced.equalsIgnoreCase("jdk")) {
            return SslProvider.JDK;
        }
        if (forced.equalsIgnoreCase("openssl") || io.netty.handler.ssl.OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        return SslProvider.JDK;
    }

    /**
     * TLS from a keyring identity directory (identity.key, identity.crt, network.crt,
     * revocations.rvl, as {@code NetworkAuthority.issue} writes them). A node identity can serve and
     * connect; a client identity only connects.
     *
     * @throws IOException with a message naming the directory when the identity is missing or broken
     */
    public static TransportSecurity fromIdentity(Path dir) throws IOException {
        NodeIdentity identity;
        try {
            identity = NodeIdentity.load(dir);
        } catch (IdentityException e) {
            throw new IOException("no usable identity in " + dir + ": " + e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no identity in " + dir + " (missing " + e.getFile() + ")", e);
        }
        return fromIdentity(identity);
    }

    /** TLS from a loaded identity; see {@link #fromIdentity(Path)}. */
    public static TransportSecurity fromIdentity(NodeIdentity identity) throws IOException {
        PeerVerifier verifier = identity.peerVerifier();
        Function<X509Certificate, PeerIdentity> identify = cert -> {
            try {
                Peer p = verifier.verify(new X509Certificate[] {cert});
                return new PeerIdentity(MemberId.fromHex(p.nodeId().hex()), p.role() == Role.NODE, p.name());
            } catch (PeerRejectedException e) {
                throw new IllegalStateException("peer accepted by TLS but not by its verifier: " + e.getMessage(), e);
            }
        };
        TransportSecurity t = tls(MemberId.fromHex(identity.nodeId().hex()), identity.role() == Role.NODE,
                identity.keyManagerFactory(), identity.trustManager(), identify);
        t.verifier = verifier;
        return t;
    }

    /**
     * Takes a newer revocation list (signed by the network; checked by the verifier) for every
     * handshake from now on.
     *
     * @return whether it was newer than the one in force
     */
    public boolean updateRevocations(RevocationList list) {
        return verifier != null && verifier.update(list);
    }

    /** True if {@code id} is on the revocation list in force (never on plaintext). */
    public boolean isRevoked(MemberId id) {
        return verifier != null && verifier.revocations().isRevoked(dcfs.keyring.identity.NodeId.fromBytes(id.unsafeBytes()));
    }

    /** The verifier of peers behind the trust manager, or null on plaintext. */
    public PeerVerifier verifier() {
        return verifier;
    }

    /** Our own id (the node's, or the client's). */
    public MemberId self() {
        return self;
    }

    public boolean isNode() {
        return selfIsNode;
    }

    public boolean isTls() {
        return client != null;
    }

    /** Adds the server side TLS handler first in a node's child pipeline. */
    public void addServerTls(Channel ch) {
        if (server == null && client != null) {
            throw new IllegalStateException("a client identity cannot accept connections");
        }
        if (server != null) {
            ch.pipeline().addFirst("tls", server.newHandler(ch.alloc()));
        }
    }

    /** Adds the client side TLS handler first in an outgoing connection's pipeline. */
    public void addClientTls(Channel ch, String host, int port) {
        if (client != null) {
            ch.pipeline().addFirst("tls", client.newHandler(ch.alloc(), host, port));
        }
    }

    /** Completes when the TLS handshake on {@code ch} is done (at once on plaintext). */
    public Future<Channel> handshake(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        SslHandler ssl = p.get(SslHandler.class);
        return ssl == null ? ch.eventLoop().newSucceededFuture(ch) : ssl.handshakeFuture();
    }

    /** The verified identity of the peer on {@code ch}; call after {@link #handshake} succeeded. */
    public PeerIdentity peerOf(Channel ch) {
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return PeerIdentity.UNAUTHENTICATED_NODE;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return identify.apply((X509Certificate) chain[0]);
        } catch (SSLPeerUnverifiedException e) {
            throw new IllegalStateException("TLS session without a verified peer", e);
        }
    }
}
