package dcfs.replicanet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import dcfs.replicanet.record.IdentityRecordCrypto;
import dcfs.replicanet.transport.TransportSecurity;
import dcfs.replicanet.wire.ErrorCode;
import dcfs.replicanet.wire.Frame;
import dcfs.replicanet.wire.Message;
import dcfs.replicanet.wire.MessageEncoder;
import dcfs.replicanet.wire.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's flow control, over a plaintext socket to a node whose read answers are held back a
 * second (the delay injector): with {@link Frame#MAX_IN_FLIGHT} requests unanswered it stops reading
 * (a PING sent afterwards is answered only after the reads), and a peer that pushes more than twice
 * the limit in one burst is told TOO_MANY_REQUESTS and dropped.
 */
class BackpressureTest {
    @TempDir
    Path dir;

    static final ShardId ID = new ShardId(new byte[32]);

    static byte[] frames(int n, int firstId) {
        ByteBuf all = Unpooled.buffer();
        for (int i = 0; i < n; i++) {
            ByteBuf h = MessageEncoder.encodeHeader(Unpooled.buffer().alloc(),
                    new Message.GetShard(firstId + i, ID, 0, Message.GetShard.TO_END));
            all.writeBytes(h);
            h.release();
        }
        byte[] out = ByteBufUtil.getBytes(all);
        all.release();
        return out;
    }

    static byte[] ping(int rid) {
        ByteBuf h = MessageEncoder.encodeHeader(Unpooled.buffer().alloc(), new Message.Ping(rid, 1));
        byte[] out = ByteBufUtil.getBytes(h);
        h.release();
        return out;
    }

    /** Reads one frame: {type, request id}; skips its body. */
    static int[] readFrame(DataInputStream in) throws Exception {
        int length = in.readInt();
        in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int rid = in.readInt();
        in.skipNBytes(length - 6);
        return new int[] {type, rid};
    }

    @Test
    void stopsReadingAtTheLimitAndDropsAFlood() throws Exception {
        NodeConfig cfg = NodeConfig.of(dir, new Endpoint("127.0.0.1", 0), List.of()).withIoThreads(1)
                .withReadDelay(Duration.ofSeconds(1));
        try (NodeServer node = NodeServer.start(cfg, TransportSecurity.plaintext(new MemberId(new byte[32])),
                IdentityRecordCrypto.INSTANCE)) {
            node.store().put(ID, new byte[32], Unpooled.wrappedBuffer(new byte[] {1, 2, 3})).join();
            try (Socket s = new Socket("127.0.0.1", node.endpoint().port())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(frames(Frame.MAX_IN_FLIGHT, 1));
                out.flush();
                // Long enough for the node to read the 64 reads and stop; the PING waits in the socket.
                Thread.sleep(500);
                out.write(ping(1000));
                out.flush();
                DataInputStream in = new DataInputStream(s.getInputStream());
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i <= Frame.MAX_IN_FLIGHT; i++) {
                    int[] f = readFrame(in);
                    order.add(f[0] == MessageType.PONG.code() ? -1 : f[1]);
                }
                int pong = order.indexOf(-1);
                assertTrue(pong >= Frame.MAX_IN_FLIGHT / 2, "the PING was read only after reads were answered: "
                        + order);
            }
            try (Socket s = new Socket("127.0.0.1", node.endpoint().port())) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write(frames(2 * Frame.MAX_IN_FLIGHT + 1, 1));
                s.getOutputStream().flush();
                DataInputStream in = new DataInputStream(s.getInputStream());
                int[] f = readFrame(in);
                assertEquals(MessageType.ERROR.code(), f[0], "first answer is the refusal");
                assertThrows(EOFException.class, () -> {
                    while (true) {
                        readFrame(in);
                    }
                }, "then the node closes");
            }
        }
        assertEquals(ErrorCode.TOO_MANY_REQUESTS.closesConnection(), true);
    }
}
