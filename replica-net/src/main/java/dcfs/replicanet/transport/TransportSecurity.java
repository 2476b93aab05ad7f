package dcfs.replicanet.transport;

import dcfs.replicanet.MemberId;
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
        SslContext server = selfIsNode
                ? SslContextBuilder.forServer(keys).trustManager(trust).clientAuth(ClientAuth.REQUIRE)
                        .protocols("TLSv1.3").sslProvider(SslProvider.JDK).build()
                : null;
        SslContext client = SslContextBuilder.forClient().keyManager(keys).trustManager(trust)
                .protocols("TLSv1.3").sslProvider(SslProvider.JDK).endpointIdentificationAlgorithm(null).build();
        return new TransportSecurity(self, selfIsNode, server, client, identify);
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
