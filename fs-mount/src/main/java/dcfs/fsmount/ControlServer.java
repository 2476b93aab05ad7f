package dcfs.fsmount;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mount process's control channel: a Unix-domain socket (see {@link RuntimeDir}) that takes
 * one request line and answers one line, then closes. Requests (protocol v1):
 * <pre>
 *   status   → "ok &lt;pid&gt; &lt;mount point&gt;"
 *   flush    → "ok" | "error &lt;message&gt;"     everything written so far made durable
 *   unmount  → "ok" | "error &lt;message&gt;"     flush, then unmount; the process then exits
 * </pre>
 * Only the mount's owner can reach the socket (its directory is 0700).
 */
final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /** What the requests do. */
    interface Handler {
        String status();

        void flush() throws Exception;

        void unmount() throws Exception;
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Handler handler;
    private final Thread acceptor;
    private volatile boolean closed;
    private final java.util.concurrent.Phaser inFlight = new java.util.concurrent.Phaser(1);

    private ControlServer(Path socket, ServerSocketChannel server, Handler handler) {
        this.socket = socket;
        this.server = server;
        this.handler = handler;
        this.acceptor = Thread.ofPlatform().name("dcfs-control").daemon(true).unstarted(this::acceptLoop);
    }

    static ControlServer start(Path socket, Handler handler) throws MountFailure {
        try {
            RuntimeDir.ensureBase();
            if (Files.exists(socket)) {
                if (ControlClient.isAlive(socket)) {
                    throw new MountFailure("another dcfs mount answers on " + socket);
                }
                Files.delete(socket); // left by a mount that was killed
            }
            ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ch.bind(UnixDomainSocketAddress.of(socket));
            ControlServer s = new ControlServer(socket, ch, handler);
            s.acceptor.start();
            return s;
        } catch (IOException e) {
            throw new MountFailure("cannot open the control socket " + socket + ": " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                inFlight.register();
                Thread.ofPlatform().name("dcfs-control-request").daemon(true).start(() -> {
                    try {
                        serve(c);
                    } finally {
                        inFlight.arriveAndDeregister();
                    }
                });
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket: {}", e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            String request = ControlClient.readLine(c);
            String reply;
            try {
                reply = switch (request) {
                    case "status" -> "ok " + handler.status();
                    case "flush" -> {
                        handler.flush();
                        yield "ok";
                    }
                    case "unmount" -> {
                        handler.unmount();
                        yield "ok";
                    }
                    default -> "error unknown request '" + request + "'";
                };
            } catch (Exception e) {
                reply = "error " + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' ');
            }
            c.write(ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.debug("control connection: {}", e.getMessage());
        }
    }

    /** Stops listening, and lets requests under way (an unmount) send their answer first. */
    @Override
    public void close() {
        closed = true;
        try {
            inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), 5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            LOG.debug("closing the control socket with a request still under way");
        }
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("closing control socket: {}", e.getMessage());
        }
    }
}
