package dcfs.replicanet.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops and channel classes of one node or client: epoll on Linux when netty's native
 * library loads, NIO elsewhere (and with {@code -Ddcfs.transport=nio}).
 */
public final class Transport implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean epoll;

    private Transport(EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.epoll = epoll;
    }

    /** A transport with {@code threads} event loops (0: netty's default, twice the CPUs). */
    public static Transport create(String name, int threads) {
        boolean useEpoll = Epoll.isAvailable() && !"nio".equals(System.getProperty("dcfs.transport"));
        IoHandlerFactory io = useEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new Transport(new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io),
                useEpoll);
    }

    public EventLoopGroup group() {
        return group;
    }

    public boolean isEpoll() {
        return epoll;
    }

    public Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends Channel> channelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Shuts the event loops down and waits (a few seconds at most) for them. Idempotent. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
