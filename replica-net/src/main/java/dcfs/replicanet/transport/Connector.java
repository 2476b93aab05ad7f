package dcfs.replicanet.transport;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.wire.FrameDecoder;
import dcfs.replicanet.wire.Message;
import dcfs.replicanet.wire.MessageDecoder;
import dcfs.replicanet.wire.MessageEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Opens connections to nodes and keeps one per node open for reuse (requests are multiplexed over
 * it by request id). A connection that closes is dropped and the next {@link #get} reconnects.
 *
 * <p>Thread-safe.
 */
public final class Connector implements AutoCloseable {
    /** Outbound bytes queued per connection before the channel reports itself unwritable. */
    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private final Transport transport;
    private final TransportSecurity security;
    private final int connectTimeoutMillis;
    private final ConcurrentHashMap<Endpoint, CompletableFuture<Connection>> open = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile IntFunction<byte[]> shardArrays = byte[]::new;

    public Connector(Transport transport, TransportSecurity security, int connectTimeoutMillis) {
        this.transport = transport;
        this.security = security;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    public TransportSecurity security() {
        return security;
    }

    /**
     * Where connections get the heap arrays they copy shard data into (default: new arrays). A
     * store that knows when a stripe's shards are consumed can hand such arrays back to a pool and
     * lend them out here; every byte of an array lent is overwritten before anyone sees it.
     */
    public void useShardArrays(IntFunction<byte[]> arrays) {
        shardArrays = java.util.Objects.requireNonNull(arrays);
    }

    /**
     * The open connection to {@code endpoint}, or a new one. If {@code expected} is not null the
     * node must prove that id, else the connection is refused (an address now used by another node).
     */
    public CompletableFuture<Connection> get(Endpoint endpoint, MemberId expected) {
        if (closed) {
            return CompletableFuture.failedFuture(new NodeUnavailableException("the client is closed"));
        }
        CompletableFuture<Connection> f = open.compute(endpoint, (ep, existing) -> {
            if (existing != null && (!existing.isDone() || (!existing.isCompletedExceptionally()
                    && existing.join().isOpen()))) {
                return existing;
            }
            return connect(ep);
        });
        return f.thenApply(c -> {
            if (expected != null && c.peer().id() != null && !expected.equals(c.peer().id())) {
                throw new NodeUnavailableException("node at " + endpoint + " is " + c.peer().id().shortForm()
                        + ", not " + expected.shortForm());
            }
            return c;
        }).whenComplete((c, e) -> {
            if (e != null) {
                open.remove(endpoint, f);
            }
        });
    }

    /** A new connection of our own (not pooled): for probes that must not share a queue. */
    public CompletableFuture<Connection> connect(Endpoint endpoint) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(transport.group()).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        security.addClientTls(ch, endpoint.host(), endpoint.port());
                        ch.pipeline().addLast("frames", new FrameDecoder());
                        ch.pipeline().addLast("messages", new MessageDecoder(MessageDecoder.Accepts.RESPONSES));
                        ch.pipeline().addLast("encoder", MessageEncoder.INSTANCE);
                    }
                });
        ChannelFuture cf = b.connect(endpoint.host(), endpoint.port());
        cf.addListener(c -> {
            if (!c.isSuccess()) {
                result.completeExceptionally(new NodeUnavailableException("node " + endpoint + " unreachable: "
                        + rootMessage(c.cause()), c.cause()));
                return;
            }
            Channel ch = cf.channel();
            security.handshake(ch).addListener(h -> {
                if (!h.isSuccess()) {
                    ch.close();
                    result.completeExceptionally(new NodeUnavailableException("node " + endpoint + " refused: "
                            + rootMessage(h.cause()), h.cause()));
                    return;
                }
                Connection conn = new Connection(ch, endpoint, security.peerOf(ch), n -> shardArrays.apply(n));
                ch.pipeline().addLast("responses", conn.handler());
                // In TLS 1.3 our half of the handshake ends before the node has checked our
                // certificate: a refusal arrives as an alert afterwards. One PING proves admission.
                conn.send(new Message.Ping(0, System.nanoTime()), connectTimeoutMillis).whenComplete((r, e) -> {
                    if (e == null) {
                        result.complete(conn);
                    } else {
                        ch.close();
                        result.completeExceptionally(new NodeUnavailableException("node " + endpoint + " refused: "
                                + rootMessage(e), e));
                    }
                });
            });
        });
        return result;
    }

    /** The innermost message of a failure chain: where TLS and sockets keep the real reason. */
    public static String rootMessage(Throwable t) {
        String msg = String.valueOf(t);
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                msg = c.getMessage();
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return msg;
    }

    /** Closes the pooled connections to the peers {@code which} names (revoked ones). */
    public void closePeers(java.util.function.Predicate<MemberId> which) {
        open.forEach((ep, f) -> {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                Connection c = f.join();
                if (c.peer().id() != null && which.test(c.peer().id()) && open.remove(ep, f)) {
                    c.close();
                }
            }
        });
    }

    /** Closes every pooled connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<Connection> f : open.values()) {
            f.thenAccept(Connection::close);
        }
        open.clear();
    }
}
