package dcfs.replicanet.node;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.membership.HostMetrics;
import dcfs.replicanet.membership.Membership;
import dcfs.replicanet.record.RecordCrypto;
import dcfs.replicanet.store.ShardStore;
import dcfs.replicanet.transport.Connector;
import dcfs.replicanet.transport.PeerIdentity;
import dcfs.replicanet.transport.Transport;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.upkeep.NodeLedger;
import dcfs.replicanet.upkeep.NodeUpkeep;
import dcfs.replicanet.wire.FrameDecoder;
import dcfs.replicanet.wire.MessageDecoder;
import dcfs.replicanet.wire.MessageEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import dcfs.keyring.identity.IdentityException;
import dcfs.keyring.identity.NodeIdentity;
import dcfs.keyring.identity.RevocationList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One storage node: the netty server speaking the node protocol over mutual TLS, its LMDB store,
 * and its membership (gossip with the other nodes over the same protocol).
 *
 * <p>Start with {@link #start}; {@link #close} stops accepting, lets queued writes commit, then
 * closes the store. The node writes {@code DIR/node.json} once it listens (id, address, pid), which
 * local clusters wait for.
 */
public final class NodeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);

    private final NodeConfig config;
    private final TransportSecurity security;
    private final RecordCrypto recordCrypto;
    private final Transport transport;
    private final ShardStore store;
    private Channel serverChannel;
    private Endpoint endpoint;
    private Connector peers;
    private Membership membership;
    private NodeUpkeep upkeep;
    private volatile boolean closed;
    private long revocationStamp;
    /** Open connections, for closing those of peers revoked while connected. */
    private final io.netty.channel.group.ChannelGroup connections =
            new io.netty.channel.group.DefaultChannelGroup("dcfs-node-connections",
                    io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    /** The verified identity of a connection's peer, set once its handshake succeeds. */
    static final io.netty.util.AttributeKey<PeerIdentity> PEER = io.netty.util.AttributeKey.valueOf("dcfs.peer");

    private NodeServer(NodeConfig config, TransportSecurity security, RecordCrypto recordCrypto) throws IOException {
        this.config = config;
        this.security = security;
        this.recordCrypto = recordCrypto;
        this.store = ShardStore.open(config.dataDir(), config.store());
        this.transport = Transport.create("dcfs-node-io", config.ioThreads());
    }

    /** Opens the store, binds, starts gossip. Fails with a message naming the address or directory. */
    public static NodeServer start(NodeConfig config, TransportSecurity security, RecordCrypto recordCrypto)
            throws IOException {
        NodeServer n = new NodeServer(config, security, recordCrypto);
        try {
            n.bind();
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    private void bind() throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(transport.group()).channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 512)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Connector.WATER_MARK)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        security.addServerTls(ch);
                        ch.pipeline().addLast("frames", new FrameDecoder());
                        ch.pipeline().addLast("messages", new MessageDecoder(MessageDecoder.Accepts.REQUESTS));
                        ch.pipeline().addLast("encoder", MessageEncoder.INSTANCE);
                        ch.pipeline().addLast("requests", new RequestHandler(NodeServer.this));
                    }
                });
        Endpoint listen = config.listen();
        try {
            serverChannel = b.bind(listen.host(), listen.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IOException("cannot listen on " + listen + ": " + Connector.rootMessage(e), e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        endpoint = new Endpoint(listen.host(), bound.getPort());
        peers = new Connector(transport, security, 3000);
        HostMetrics metrics = new HostMetrics(store.dir(), store::shardCount, store::shardBytes);
        membership = new Membership(security.self(), endpoint, config.membership(), metrics::measure, peers,
                config.join(), security::isRevoked);
        membership.start();
        upkeep = new NodeUpkeep(security.self(), config.upkeep(), store, config.store().capacity(), membership, peers,
                openLedger());
        upkeep.start();
        if (security.verifier() != null) {
            transport.group().next().scheduleWithFixedDelay(this::reloadRevocations, 2, 2, TimeUnit.SECONDS);
        }
        LOG.info("node {} listening on {} ({}, {}), store {}", security.self().shortForm(), endpoint,
                transport.isEpoll() ? "epoll" : "nio", security.isTls() ? "TLS 1.3 mutual" : "PLAINTEXT",
                store.dir());
    }

    /** The node's reward ledger, signed with its identity key; none without an identity (plaintext tests). */
    private NodeLedger openLedger() throws IOException {
        if (!security.isTls() || !NodeIdentity.exists(config.dataDir())) {
            return null;
        }
        try {
            return NodeLedger.open(config.dataDir(), NodeIdentity.load(config.dataDir()));
        } catch (IdentityException e) {
            throw new IOException("cannot load the identity in " + config.dataDir() + " for the ledger: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Takes a newer revocation list dropped into the data directory (an operator copies the
     * network's {@code revocations.rvl} there): revoked peers are refused from the next handshake on.
     */
    private void reloadRevocations() {
        Path file = config.dataDir().resolve(NodeIdentity.REVOCATIONS_FILE);
        try {
            if (!Files.exists(file)) {
                return;
            }
            long m = Files.getLastModifiedTime(file).toMillis() ^ Files.size(file);
            if (m == revocationStamp) {
                return;
            }
            revocationStamp = m;
            RevocationList list = RevocationList.read(file, security.verifier().networkCertificate());
            if (security.updateRevocations(list)) {
                LOG.info("revocation list {} taken: {} node(s) revoked", list.sequence(), list.entries().size());
                membership.dropRevoked();
                upkeep.revoked(list);
                // Sessions opened before the revocation end now, not at their next handshake.
                for (Channel ch : connections) {
                    PeerIdentity p = ch.attr(PEER).get();
                    if (p != null && p.id() != null && security.isRevoked(p.id())) {
                        LOG.warn("closing the session of revoked {}", p.describe());
                        ch.close();
                    }
                }
            }
        } catch (IOException | IdentityException | RuntimeException e) {
            LOG.warn("cannot read {}: {}", file, e.getMessage());
        }
    }

    public NodeConfig config() {
        return config;
    }

    public MemberId id() {
        return security.self();
    }

    /** Where the node listens (the bound port when the config said 0). */
    public Endpoint endpoint() {
        return endpoint;
    }

    public ShardStore store() {
        return store;
    }

    public Membership membership() {
        return membership;
    }

    /** Proofs and rewards: audits, capacity challenges, the ledger. */
    public NodeUpkeep upkeep() {
        return upkeep;
    }

    TransportSecurity security() {
        return security;
    }

    RecordCrypto recordCrypto() {
        return recordCrypto;
    }

    /** Writes {@code node.json} (id, address, pid) atomically: the "I am listening" signal. */
    public void writeReadyFile() throws IOException {
        String json = "{\"id\":\"" + id().hex() + "\",\"address\":\"" + endpoint + "\",\"pid\":"
                + ProcessHandle.current().pid() + "}\n";
        Path tmp = config.dataDir().resolve("node.json.tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, config.dataDir().resolve("node.json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Stops gossip, stops accepting and closes connections, commits queued writes, closes the store. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        if (membership != null) {
            membership.close();
        }
        if (upkeep != null) {
            upkeep.close();
        }
        long t1 = System.nanoTime();
        if (peers != null) {
            peers.close();
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        long t2 = System.nanoTime();
        transport.close();
        long t3 = System.nanoTime();
        store.close();
        long t4 = System.nanoTime();
        LOG.debug("close: membership {} ms, server {} ms, event loops {} ms, store {} ms", (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
        LOG.info("node {} stopped", security.self().shortForm());
    }
}
