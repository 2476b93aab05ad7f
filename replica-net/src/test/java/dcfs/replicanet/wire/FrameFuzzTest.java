package dcfs.replicanet.wire;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.replicanet.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzes the frame reader and verifying decoder on an EmbeddedChannel: random bytes and mutated
 * valid frames, fed in random pieces. Nothing but {@link ProtocolException} may come out, and every
 * decoded message is released (the leak check at the end fails the class otherwise). Bounded:
 * a few thousand tries, seconds in the default run.
 */
class FrameFuzzTest {
    static {
        LeakCheck.install();
    }

    @Provide
    Arbitrary<byte[]> frames() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, 15).flatMap(t -> Arbitraries.integers()
                .between(0, 400).flatMap(pos -> Arbitraries.bytes().map(v -> mutate(valid(t), pos, v))));
        return Arbitraries.oneOf(random, mutated);
    }

    static byte[] valid(int which) {
        Message m = switch (which) {
            case 0 -> new Message.Ping(1, 5);
            case 1 -> new Message.GetShard(2, WireCodecTest.ID, 0, -1);
            case 2 -> new Message.PutShard(3, WireCodecTest.ID, new byte[32], Unpooled.wrappedBuffer(new byte[40]));
            case 3 -> new Message.ListShards(4, WireCodecTest.ID, 10);
            case 4 -> new Message.DeleteShard(5, WireCodecTest.ID, new byte[32]);
            case 5 -> new Message.PutRecord(6, new byte[32], new byte[100]);
            case 6 -> new Message.Gossip(7, List.of(new MemberInfo(new dcfs.replicanet.MemberId(new byte[32]),
                    new dcfs.replicanet.Endpoint("h", 1), 1, 2, MemberState.UP, 3, Health.unknown(),
                    List.of(new MemberInfo.Rtt(new dcfs.replicanet.MemberId(new byte[32]), 5)))));
            case 7 -> new Message.GetMembers(8);
            case 8 -> new Message.Cancel(9, 3);
            case 9 -> new Message.HasShard(10, WireCodecTest.ID);
            case 10 -> new Message.GetRecord(11, new byte[32]);
            case 12 -> new Message.Audit(13, WireCodecTest.ID, new byte[16], 8);
            case 13 -> new Message.Capacity(14, new byte[32], 1000);
            case 14 -> new Message.GetLedger(15, 0, 16);
            case 15 -> new Message.Report(16, List.of(new Message.ReportRow(new dcfs.replicanet.MemberId(new byte[32]),
                    ReportKind.AUDITS_PASSED, 3)));
            default -> new Message.GetStats(12);
        };
        return frameBytes(m);
    }

    static byte[] mutate(byte[] frame, int pos, byte value) {
        byte[] f = frame.clone();
        f[pos % f.length] = value;
        return f;
    }

    @Property(tries = 3000)
    void decoderOnlyEverRaisesProtocolErrors(@ForAll("frames") byte[] input, @ForAll byte split) {
        decodeInTwoPieces(input, split, MessageDecoder.Accepts.REQUESTS, Message.Request.class);
    }

    /**
     * Feeds {@code input} to a frame and message decoder in two pieces cut at {@code split}: the
     * only failure allowed is a protocol error, and whatever decodes is of the {@code expected} kind.
     */
    static void decodeInTwoPieces(byte[] input, byte split, MessageDecoder.Accepts accepts, Class<?> expected) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(), new MessageDecoder(accepts));
        int cut = input.length == 0 ? 0 : (split & 0xFF) % input.length;
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(input, 0, cut));
            ch.writeInbound(Unpooled.wrappedBuffer(input, cut, input.length - cut));
        } catch (DecoderException e) {
            assertInstanceOf(ProtocolException.class, e.getCause(), "only protocol errors: " + e);
        } finally {
            Object m;
            while ((m = ch.readInbound()) != null) {
                assertTrue(expected.isInstance(m));
                ReferenceCountUtil.release(m);
            }
            ch.finishAndReleaseAll();
        }
    }

    @Provide
    Arbitrary<byte[]> responses() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, 3).flatMap(t -> Arbitraries.integers()
                .between(0, 400).flatMap(pos -> Arbitraries.bytes().map(v -> mutate(validResponse(t), pos, v))));
        return Arbitraries.oneOf(random, mutated);
    }

    static byte[] validResponse(int which) {
        Message m = switch (which) {
            case 0 -> new Message.AuditAnswer(1, new byte[120]);
            case 1 -> new Message.CapacityAnswer(2, new byte[32], 1000, 5, 6);
            case 2 -> new Message.LedgerPage(3, true, new byte[40], List.of(new byte[30], new byte[7]));
            default -> new Message.Reported(4, 2);
        };
        return frameBytes(m);
    }

    /** What a client decodes from a node (audit proofs, ledger pages) is held to the same rule. */
    @Property(tries = 1500)
    void clientDecoderOnlyEverRaisesProtocolErrors(@ForAll("responses") byte[] input, @ForAll byte split) {
        decodeInTwoPieces(input, split, MessageDecoder.Accepts.RESPONSES, Message.Response.class);
    }

    static byte[] frameBytes(Message m) {
        ByteBuf b = WireCodecTest.encode(m);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    @AfterContainer
    static void noLeaks() throws InterruptedException {
        List<String> leaks = LeakCheck.collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError("leaked buffers while fuzzing:\n" + String.join("\n", leaks));
        }
    }
}
