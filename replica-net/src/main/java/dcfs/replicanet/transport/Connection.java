package dcfs.replicanet.transport;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.wire.Frame;
import dcfs.replicanet.wire.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open connection to a node: sends requests, matches responses by request id, keeps at most
 * {@link Frame#MAX_IN_FLIGHT} requests in flight (the rest wait in a local queue, so the node never
 * has to refuse us), and times requests out.
 *
 * <p>Threading: all state is touched on the channel's event loop only; public methods hop there.
 *
 * <p>Ownership: a {@link Message.ShardData} response is copied to the heap (into an array of
 * exactly its length from {@link Connector#useShardArrays}) and its network buffer released before
 * the future completes, so callers receive a response whose buffer is an unpooled heap buffer and
 * need not release it. Request buffers are released by the encoder.
 */
public final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final Channel channel;
    private final Endpoint endpoint;
    private final PeerIdentity peer;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private int nextId = 1;
    private Throwable closedBecause;
    private final IntFunction<byte[]> shardArrays;

    private static final class Pending {
        final Message.Request request;
        final CompletableFuture<Message.Response> future;
        final long timeoutMillis;
        int id;
        ScheduledFuture<?> timer;

        Pending(Message.Request request, CompletableFuture<Message.Response> future, long timeoutMillis) {
            this.request = request;
            this.future = future;
            this.timeoutMillis = timeoutMillis;
        }
    }

    Connection(Channel channel, Endpoint endpoint, PeerIdentity peer, IntFunction<byte[]> shardArrays) {
        this.channel = channel;
        this.endpoint = endpoint;
        this.peer = peer;
        this.shardArrays = shardArrays;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public PeerIdentity peer() {
        return peer;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** A name for messages: the node's id when known, else its address. */
    public String describe() {
        return peer.id() == null ? endpoint.toString() : peer.id().shortForm() + " at " + endpoint;
    }

    /** The handler that completes this connection's requests; installed last in its pipeline. */
    ResponseHandler handler() {
        return new ResponseHandler();
    }

    /**
     * Sends {@code request} (its request id is replaced by one of this connection's) and completes
     * with the response, or exceptionally with {@link RemoteException} for an ERROR answer,
     * {@link NodeUnavailableException} if the connection fails, {@link TimeoutException} after
     * {@code timeoutMillis}. Cancelling the returned future sends CANCEL to the node.
     *
     * <p>Ownership: takes the request (and a buffer it carries).
     */
    public CompletableFuture<Message.Response> send(Message.Request request, long timeoutMillis) {
        CompletableFuture<Message.Response> f = new CompletableFuture<>();
        Pending p = new Pending(request, f, timeoutMillis);
        f.whenComplete((r, e) -> {
            if (f.isCancelled()) {
                channel.eventLoop().execute(() -> cancel(p));
            }
        });
        if (channel.eventLoop().inEventLoop()) {
            submit(p);
        } else {
            channel.eventLoop().execute(() -> submit(p));
        }
        return f;
    }

    private void submit(Pending p) {
        if (closedBecause != null || !channel.isActive()) {
            ReferenceCountUtil.release(p.request);
            p.future.completeExceptionally(unavailable());
            return;
        }
        if (p.future.isDone()) {
            ReferenceCountUtil.release(p.request);
            return;
        }
        if (pending.size() >= Frame.MAX_IN_FLIGHT) {
            waiting.add(p);
            return;
        }
        int id = nextId++;
        if (nextId == Integer.MAX_VALUE) {
            nextId = 1;
        }
        p.id = id;
        pending.put(id, p);
        p.timer = channel.eventLoop().schedule(() -> timeout(p), p.timeoutMillis, TimeUnit.MILLISECONDS);
        Message.Request out = withId(p.request, id);
        channel.writeAndFlush(out).addListener(w -> {
            if (!w.isSuccess()) {
                fail(p, new NodeUnavailableException("node " + describe() + ": write failed: " + w.cause(), w.cause()));
            }
        });
    }

    private void timeout(Pending p) {
        if (pending.remove(p.id, p)) {
            channel.writeAndFlush(new Message.Cancel(0, p.id));
            p.future.completeExceptionally(new TimeoutException("node " + describe() + " did not answer "
                    + p.request.type() + " within " + p.timeoutMillis + " ms"));
            drainWaiting();
        }
    }

    private void cancel(Pending p) {
        if (p.id != 0 && pending.remove(p.id, p)) {
            p.timer.cancel(false);
            if (channel.isActive()) {
                channel.writeAndFlush(new Message.Cancel(0, p.id));
            }
            drainWaiting();
        } else if (waiting.remove(p)) {
            ReferenceCountUtil.release(p.request);
        }
    }

    private void fail(Pending p, Throwable t) {
        if (pending.remove(p.id, p)) {
            p.timer.cancel(false);
            p.future.completeExceptionally(t);
            drainWaiting();
        }
    }

    private void drainWaiting() {
        while (pending.size() < Frame.MAX_IN_FLIGHT && !waiting.isEmpty()) {
            submit(waiting.poll());
        }
    }

    private NodeUnavailableException unavailable() {
        return new NodeUnavailableException("node " + describe() + " closed the connection"
                + (closedBecause == null ? "" : ": " + closedBecause.getMessage()), closedBecause);
    }

    /** Closes the connection; pending requests fail with {@link NodeUnavailableException}. */
    public void close() {
        channel.close();
    }

    private static Message.Request withId(Message.Request r, int id) {
        return switch (r) {
            case Message.PutShard m -> new Message.PutShard(id, m.id(), m.tokenHash(), m.data());
            case Message.GetShard m -> new Message.GetShard(id, m.id(), m.offset(), m.length());
            case Message.HasShard m -> new Message.HasShard(id, m.id());
            case Message.DeleteShard m -> new Message.DeleteShard(id, m.id(), m.token());
            case Message.ListShards m -> new Message.ListShards(id, m.after(), m.limit());
            case Message.GetStats m -> new Message.GetStats(id);
            case Message.PutRecord m -> new Message.PutRecord(id, m.locator(), m.record());
            case Message.GetRecord m -> new Message.GetRecord(id, m.locator());
            case Message.Ping m -> new Message.Ping(id, m.nonce());
            case Message.Gossip m -> new Message.Gossip(id, m.members());
            case Message.GetMembers m -> new Message.GetMembers(id);
            case Message.Cancel m -> m;
            case Message.Audit m -> new Message.Audit(id, m.id(), m.nonce(), m.samples());
            case Message.Capacity m -> new Message.Capacity(id, m.seed(), m.iterations());
            case Message.GetLedger m -> new Message.GetLedger(id, m.from(), m.max());
            case Message.Report m -> new Message.Report(id, m.rows());
        };
    }

    /** Completes pending requests with their responses; fails them all when the channel closes. */
    final class ResponseHandler extends SimpleChannelInboundHandler<Message.Response> {
        ResponseHandler() {
            super(Message.Response.class, false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message.Response msg) {
            Message.Response r = msg;
            try {
                Pending p = pending.remove(r.requestId());
                if (p == null || p.future.isDone()) {
                    // The answer to a cancelled or timed-out request (a hedge's loser, mostly; its
                    // CANCEL may still be queued behind this read): dropped before its shard is
                    // copied into an array that nobody would hand back.
                    if (p != null) {
                        p.timer.cancel(false);
                        drainWaiting();
                    }
                    ReferenceCountUtil.release(msg);
                    return;
                }
                if (r instanceof Message.ShardData d) {
                    ByteBuf data = d.data();
                    byte[] copy = shardArrays.apply(data.readableBytes());
                    data.getBytes(data.readerIndex(), copy);
                    data.release();
                    r = new Message.ShardData(d.requestId(), d.shardLength(), d.offset(), Unpooled.wrappedBuffer(copy));
                }
                p.timer.cancel(false);
                if (r instanceof Message.Error e) {
                    p.future.completeExceptionally(new RemoteException(describe(), e.code(), e.message()));
                } else {
                    p.future.complete(r);
                }
                drainWaiting();
            } catch (RuntimeException e) {
                ReferenceCountUtil.release(msg);
                throw e;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (closedBecause == null) {
                closedBecause = c;
            }
            LOG.debug("connection to {} failed", describe(), c);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            NodeUnavailableException e = unavailable();
            for (Pending p : pending.values()) {
                p.timer.cancel(false);
                p.future.completeExceptionally(e);
            }
            pending.clear();
            Pending w;
            while ((w = waiting.poll()) != null) {
                ReferenceCountUtil.release(w.request);
                w.future.completeExceptionally(e);
            }
            ctx.fireChannelInactive();
        }
    }
}
