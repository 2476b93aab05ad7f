package dcfs.replicanet.node;

import dcfs.replicanet.record.RecordCrypto;
import dcfs.replicanet.record.SignedRecord;
import dcfs.replicanet.store.ShardStore;
import dcfs.replicanet.store.StoreException;
import dcfs.replicanet.store.StoreStats;
import dcfs.replicanet.transport.PeerIdentity;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.Frame;
import dcfs.replicanet.wire.Message;
import dcfs.replicanet.wire.ProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection: dispatches each request to the store or membership and writes its
 * response. One instance per connection; all its state is touched on the connection's event loop.
 *
 * <p>Backpressure: with {@link Frame#MAX_IN_FLIGHT} requests unanswered, or the channel unwritable
 * (above the write-buffer high water mark), the handler stops reading from the socket; it reads
 * again once half the requests are answered and the channel is writable. A peer that pushes more
 * than twice the limit in one burst is told TOO_MANY_REQUESTS and dropped.
 *
 * <p>Ownership: a {@link Message.PutShard}'s buffer goes to the store, which releases it; every other
 * request holds no buffer. Response buffers are released by the encoder after writing.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    private final NodeServer node;
    private final ShardStore store;
    private final TransportSecurity security;
    private final RecordCrypto crypto;
    private final Duration readDelay;
    private final Map<Integer, Delayed> delayed = new HashMap<>();
    private PeerIdentity peer;
    private int inFlight;
    private boolean closing;

    private record Delayed(ScheduledFuture<?> timer, Message.ShardData response) {
    }

    RequestHandler(NodeServer node) {
        this.node = node;
        this.store = node.store();
        this.security = node.security();
        this.crypto = node.recordCrypto();
        this.readDelay = node.config().readDelay();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!security.isTls()) {
            peer = PeerIdentity.UNAUTHENTICATED_NODE;
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                peer = security.peerOf(ctx.channel());
                ctx.channel().attr(NodeServer.PEER).set(peer);
                LOG.debug("{} connected from {}", peer.describe(), ctx.channel().remoteAddress());
            } else {
                LOG.warn("refused {}: {}", ctx.channel().remoteAddress(),
                        dcfs.replicanet.transport.Connector.rootMessage(hs.cause()));
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Message.Request req) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (req instanceof Message.Cancel c) {
            cancel(ctx, c.target());
            return;
        }
        inFlight++;
        if (inFlight > 2 * Frame.MAX_IN_FLIGHT) {
            ReferenceCountUtil.release(msg);
            fail(ctx, new ProtocolException(ErrorCode.TOO_MANY_REQUESTS, req.requestId(), inFlight
                    + " requests in flight, limit " + Frame.MAX_IN_FLIGHT));
            return;
        }
        if (inFlight >= Frame.MAX_IN_FLIGHT) {
            ctx.channel().config().setAutoRead(false);
        }
        try {
            dispatch(ctx, req);
        } catch (RuntimeException e) {
            LOG.error("request {} failed", req.type(), e);
            respond(ctx, new Message.Error(req.requestId(), ErrorCode.INTERNAL, String.valueOf(e)));
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Message.Request req) {
        int rid = req.requestId();
        switch (req) {
            case Message.PutShard p -> store.put(p.id(), p.tokenHash(), p.data()).whenComplete((already, e) ->
                    respond(ctx, e == null ? new Message.Stored(rid, already) : error(rid, e)));
            case Message.GetShard g -> {
                Message.Response r;
                try {
                    // Straight from the map to TLS, unless the answer is to be held back (a copy
                    // then, or the map's read lock would be held for the whole delay).
                    ShardStore.Slice s = readDelay.isZero() ? store.lend(g.id(), g.offset(), g.length(), ctx.executor())
                            : store.read(g.id(), g.offset(), g.length(), ctx.alloc());
                    r = new Message.ShardData(rid, s.shardLength(), g.offset(), s.data());
                } catch (StoreException e) {
                    r = error(rid, e);
                }
                if (!readDelay.isZero() && r instanceof Message.ShardData d) {
                    delay(ctx, d);
                } else {
                    respond(ctx, r);
                }
            }
            case Message.HasShard h -> {
                int n = store.length(h.id());
                respond(ctx, new Message.ShardInfo(rid, n >= 0, Math.max(0, n)));
            }
            case Message.DeleteShard d -> store.delete(d.id(), d.token()).whenComplete((existed, e) ->
                    respond(ctx, e == null ? new Message.Deleted(rid, existed) : error(rid, e)));
            case Message.ListShards l -> respond(ctx, store.list(rid, l.after(), l.limit()));
            case Message.GetStats s -> {
                StoreStats st = store.stats();
                respond(ctx, new Message.Stats(rid, st.shards(), st.shardBytes(), st.mapSize(), st.diskTotal(),
                        st.diskUsable(), st.capacity(), st.full()));
            }
            case Message.PutRecord p -> putRecord(ctx, p);
            case Message.GetRecord g -> {
                byte[] rec = store.getRecord(g.locator());
                respond(ctx, rec == null ? new Message.Error(rid, ErrorCode.NOT_FOUND, "no record under this locator")
                        : new Message.RecordData(rid, rec));
            }
            case Message.Ping p -> respond(ctx, new Message.Pong(rid, p.nonce()));
            case Message.Gossip g -> {
                if (!peer.node()) {
                    respond(ctx, new Message.Error(rid, ErrorCode.NOT_PERMITTED, "only nodes may gossip; "
                            + peer.describe() + " is a client"));
                } else {
                    node.membership().merge(g.members());
                    respond(ctx, new Message.Members(rid, node.membership().rows()));
                }
            }
            case Message.GetMembers g -> respond(ctx, new Message.Members(rid, node.membership().rows()));
            case Message.Cancel c -> throw new IllegalStateException("handled before dispatch");
            case Message.Audit a -> later(ctx, rid, node.upkeep().handle(a, peer));
            case Message.Capacity c -> later(ctx, rid, node.upkeep().handle(c, peer));
            case Message.GetLedger g -> later(ctx, rid, node.upkeep().handle(g, peer));
            case Message.Report r -> later(ctx, rid, node.upkeep().handle(r, peer));
        }
    }

    /** Answers once an upkeep request (run off the event loop) completes. */
    private void later(ChannelHandlerContext ctx, int rid, java.util.concurrent.CompletableFuture<Message.Response> f) {
        f.whenComplete((r, e) -> respond(ctx, e == null ? r : error(rid, e)));
    }

    private void putRecord(ChannelHandlerContext ctx, Message.PutRecord p) {
        int rid = p.requestId();
        SignedRecord rec;
        try {
            rec = SignedRecord.parse(p.record());
            rec.verify(p.locator(), crypto);
        } catch (SignedRecord.RecordException e) {
            respond(ctx, new Message.Error(rid, e.code(), e.getMessage()));
            return;
        }
        store.putRecord(p.locator(), rec).whenComplete((seq, e) ->
                respond(ctx, e == null ? new Message.RecordStored(rid, seq) : error(rid, e)));
    }

    private void delay(ChannelHandlerContext ctx, Message.ShardData d) {
        ScheduledFuture<?> t = ctx.executor().schedule(() -> {
            Delayed x = delayed.remove(d.requestId());
            if (x != null) {
                respond(ctx, x.response);
            }
        }, readDelay.toNanos(), TimeUnit.NANOSECONDS);
        delayed.put(d.requestId(), new Delayed(t, d));
    }

    private void cancel(ChannelHandlerContext ctx, int target) {
        Delayed x = delayed.remove(target);
        if (x != null) {
            x.timer.cancel(false);
            x.response.release();
            answered(ctx);
        }
    }

    private static Message.Error error(int rid, Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof StoreException se) {
            return new Message.Error(rid, se.code(), se.getMessage());
        }
        LOG.error("request {} failed", rid, c);
        return new Message.Error(rid, ErrorCode.INTERNAL, String.valueOf(c));
    }

    /** Writes a response (from any thread) and counts the request answered once it is written. */
    private void respond(ChannelHandlerContext ctx, Message.Response r) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> respond(ctx, r));
            return;
        }
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(r);
            return;
        }
        ctx.writeAndFlush(r).addListener(f -> answered(ctx));
    }

    private void answered(ChannelHandlerContext ctx) {
        inFlight--;
        resumeIfReady(ctx);
    }

    private void resumeIfReady(ChannelHandlerContext ctx) {
        if (!closing && inFlight <= Frame.MAX_IN_FLIGHT / 2 && ctx.channel().isWritable()
                && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        } else {
            resumeIfReady(ctx);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof ProtocolException pe) {
            fail(ctx, pe);
        } else if (c instanceof javax.net.ssl.SSLException) {
            // Already logged with its reason by userEventTriggered when the handshake failed.
            LOG.debug("TLS failure from {}", ctx.channel().remoteAddress(), c);
            ctx.close();
        } else {
            LOG.debug("connection from {} failed", ctx.channel().remoteAddress(), c);
            ctx.close();
        }
    }

    /** Answers a protocol violation with an error frame, then closes if the code says so. */
    private void fail(ChannelHandlerContext ctx, ProtocolException e) {
        LOG.warn("{} from {}: {}: {}", e.code().closesConnection() ? "dropping connection" : "error",
                ctx.channel().remoteAddress(), e.code(), e.getMessage());
        var f = ctx.writeAndFlush(new Message.Error(e.requestId(), e.code(), e.getMessage()));
        if (e.code().closesConnection()) {
            closing = true;
            ctx.channel().config().setAutoRead(false);
            f.addListener(x -> ctx.close());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (Delayed x : delayed.values()) {
            x.timer.cancel(false);
            x.response.release();
        }
        delayed.clear();
        super.channelInactive(ctx);
    }
}
