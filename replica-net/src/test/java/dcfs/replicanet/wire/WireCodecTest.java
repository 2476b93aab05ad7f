package dcfs.replicanet.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    static final ShardId ID = ShardId.fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    /** Encodes with the real encoder and returns the frame bytes (caller releases). */
    static ByteBuf encode(Message m) {
        EmbeddedChannel out = new EmbeddedChannel(MessageEncoder.INSTANCE);
        out.writeOutbound(m);
        CompositeByteBuf all = Unpooled.compositeBuffer();
        ByteBuf b;
        while ((b = out.readOutbound()) != null) {
            all.addComponent(true, b);
        }
        out.finishAndReleaseAll();
        return all;
    }

    static Message roundTrip(Message m, MessageDecoder.Accepts side) {
        ByteBuf frame = encode(m);
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(), new MessageDecoder(side));
        in.writeInbound(frame);
        Message got = in.readInbound();
        assertNull(in.readInbound());
        in.finishAndReleaseAll();
        return got;
    }

    @Test
    void putShardKeepsItsBytesAndLayout() {
        byte[] data = "shard bytes".getBytes();
        byte[] tokenHash = new byte[32];
        tokenHash[5] = 9;
        ByteBuf frame = encode(new Message.PutShard(77, ID, tokenHash, Unpooled.wrappedBuffer(data)));
        // length(4) version(1) type(1) rid(4) id(32) tokenHash(32) data
        assertEquals(4 + 6 + 32 + 32 + data.length, frame.readableBytes());
        assertEquals(6 + 64 + data.length, frame.getInt(0));
        assertEquals(1, frame.getByte(4));
        assertEquals(0x01, frame.getByte(5));
        assertEquals(77, frame.getInt(6));
        frame.release();
        Message.PutShard got = (Message.PutShard) roundTrip(
                new Message.PutShard(77, ID, tokenHash, Unpooled.wrappedBuffer(data)), MessageDecoder.Accepts.REQUESTS);
        assertEquals(ID, got.id());
        assertArrayEquals(tokenHash, got.tokenHash());
        assertArrayEquals(data, ByteBufUtil.getBytes(got.data()));
        got.release();
    }

    @Test
    void shardDataCarriesItsBytes() {
        io.netty.buffer.ByteBuf direct = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(3, 3);
        direct.writeBytes(new byte[] {1, 2, 3});
        ByteBuf frame = encode(new Message.ShardData(5, 10, 7, direct));
        assertEquals(4 + 6 + 8 + 3, frame.readableBytes());
        frame.release();
        direct = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(3, 3);
        direct.writeBytes(new byte[] {1, 2, 3});
        Message.ShardData got = (Message.ShardData) roundTrip(new Message.ShardData(5, 10, 7, direct),
                MessageDecoder.Accepts.RESPONSES);
        assertEquals(10, got.shardLength());
        assertEquals(7, got.offset());
        assertArrayEquals(new byte[] {1, 2, 3}, ByteBufUtil.getBytes(got.data()));
        got.release();
    }

    @Test
    void everyRequestAndResponseRoundTrips() {
        MemberInfo row = new MemberInfo(new MemberId(new byte[32]), new Endpoint("127.0.0.1", 7401), 5, 9,
                MemberState.SUSPECT, 1234, new Health(1, 2, 1, 2, 150, 10, 5, 0, 0, 100, 40, 3, 4096, "0.1"),
                List.of(new MemberInfo.Rtt(new MemberId(new byte[32]), 250)));
        List<Message> requests = List.of(
                new Message.GetShard(1, ID, 10, 20), new Message.GetShard(2, ID, 0, Message.GetShard.TO_END),
                new Message.HasShard(3, ID), new Message.DeleteShard(4, ID, new byte[32]),
                new Message.ListShards(5, null, 100), new Message.ListShards(6, ID, 1), new Message.GetStats(7),
                new Message.GetRecord(9, new byte[32]), new Message.Ping(10, 42), new Message.Gossip(11, List.of(row)),
                new Message.GetMembers(12), new Message.Cancel(0, 77),
                new Message.Audit(13, ID, new byte[16], 8), new Message.Capacity(14, new byte[32], 1000),
                new Message.GetLedger(15, 3, 256),
                new Message.Report(16, List.of(new Message.ReportRow(new MemberId(new byte[32]), ReportKind.READS_SERVED, 7),
                        new Message.ReportRow(new MemberId(new byte[32]), ReportKind.AUDITS_FAILED, 0xFFFF_FFFFL))));
        for (Message m : requests) {
            // Records with byte arrays compare by identity: compare their text with arrays elided.
            assertEquals(m.toString().replaceAll("\\[B@[0-9a-f]+", "bytes"),
                    roundTrip(m, MessageDecoder.Accepts.REQUESTS).toString().replaceAll("\\[B@[0-9a-f]+", "bytes"));
            assertEquals(m.type(), roundTrip(m, MessageDecoder.Accepts.REQUESTS).type());
        }
        List<Message> responses = List.of(new Message.Stored(1, true), new Message.ShardInfo(2, true, 99),
                new Message.Deleted(3, false), new Message.ShardList(4, List.of(new Message.ListedShard(ID, 5)), true),
                new Message.Stats(5, 1, 2, 3, 4, 5, 6, true), new Message.RecordStored(6, 8),
                new Message.Pong(8, 7), new Message.Members(9, List.of(row, row)),
                new Message.Error(10, ErrorCode.CONFLICT, "other bytes"));
        for (Message m : responses) {
            assertEquals(m, roundTrip(m, MessageDecoder.Accepts.RESPONSES));
        }
        Message.AuditAnswer a = (Message.AuditAnswer) roundTrip(new Message.AuditAnswer(11, new byte[] {1, 2, 3}),
                MessageDecoder.Accepts.RESPONSES);
        assertArrayEquals(new byte[] {1, 2, 3}, a.proof());
        Message.CapacityAnswer c = (Message.CapacityAnswer) roundTrip(new Message.CapacityAnswer(12, new byte[32],
                500_000, 1L << 40, 12345), MessageDecoder.Accepts.RESPONSES);
        assertEquals(500_000, c.offeredShareMillionths());
        assertEquals(1L << 40, c.reportedBytes());
        assertEquals(12345, c.takenBytes());
        Message.LedgerPage lp = (Message.LedgerPage) roundTrip(new Message.LedgerPage(13, true, new byte[] {9, 9},
                List.of(new byte[] {1}, new byte[] {2, 3})), MessageDecoder.Accepts.RESPONSES);
        assertTrue(lp.more());
        assertArrayEquals(new byte[] {9, 9}, lp.certificate());
        assertArrayEquals(new byte[] {2, 3}, lp.entries().get(1));
        assertEquals(new Message.Reported(14, 3), roundTrip(new Message.Reported(14, 3), MessageDecoder.Accepts.RESPONSES));
        Message.Gossip g = (Message.Gossip) roundTrip(new Message.Gossip(11, List.of(row)), MessageDecoder.Accepts.REQUESTS);
        assertEquals(row, g.members().get(0));
    }

    static ProtocolException decodeFails(ByteBuf bytes, MessageDecoder.Accepts side) {
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(), new MessageDecoder(side));
        DecoderException e = assertThrows(DecoderException.class, () -> in.writeInbound(bytes));
        in.finishAndReleaseAll();
        return assertInstanceOf(ProtocolException.class, e.getCause());
    }

    static ByteBuf frame(int version, int type, int rid, byte[] body) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(6 + body.length).writeByte(version).writeByte(type).writeInt(rid).writeBytes(body);
        return b;
    }

    @Test
    void badFramesAreNamedByTheirErrorCode() {
        ByteBuf huge = Unpooled.buffer().writeInt(Frame.MAX_FRAME_LENGTH).writeByte(1).writeByte(1).writeInt(5);
        ProtocolException e = decodeFails(huge, MessageDecoder.Accepts.REQUESTS);
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        assertEquals(5, e.requestId());
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, decodeFails(frame(2, 1, 1, new byte[0]),
                MessageDecoder.Accepts.REQUESTS).code());
        assertEquals(ErrorCode.UNKNOWN_MESSAGE_TYPE, decodeFails(frame(1, 0x70, 1, new byte[0]),
                MessageDecoder.Accepts.REQUESTS).code());
        assertEquals(ErrorCode.UNKNOWN_MESSAGE_TYPE, decodeFails(frame(1, 0x81, 1, new byte[1]),
                MessageDecoder.Accepts.REQUESTS).code(), "a response sent to a node");
        assertEquals(ErrorCode.MALFORMED_FRAME, decodeFails(frame(1, 0x02, 1, new byte[10]),
                MessageDecoder.Accepts.REQUESTS).code(), "truncated GET_SHARD");
        assertEquals(ErrorCode.MALFORMED_FRAME, decodeFails(frame(1, 0x06, 1, new byte[3]),
                MessageDecoder.Accepts.REQUESTS).code(), "bytes after GET_STATS");
        assertEquals(ErrorCode.SHARD_TOO_LARGE, decodeFails(frame(1, 0x01, 1, new byte[64]),
                MessageDecoder.Accepts.REQUESTS).code(), "empty shard");
        byte[] members = new byte[2];
        members[0] = (byte) 0xFF;
        assertEquals(ErrorCode.MALFORMED_FRAME, decodeFails(frame(1, 0x0A, 1, members),
                MessageDecoder.Accepts.REQUESTS).code(), "a member count the body cannot hold");
    }

    @Test
    void upkeepRequestsOutsideTheirLimitsAreMalformed() {
        byte[] audit = new byte[32 + 16 + 1];
        audit[48] = 65;
        assertEquals(ErrorCode.MALFORMED_FRAME, decodeFails(frame(1, 0x0D, 1, audit), MessageDecoder.Accepts.REQUESTS)
                .code(), "65 leaves");
        byte[] capacity = new byte[36];
        capacity[32] = (byte) 0x7F;
        assertEquals(ErrorCode.MALFORMED_FRAME, decodeFails(frame(1, 0x0E, 1, capacity),
                MessageDecoder.Accepts.REQUESTS).code(), "a chain of 2^31 steps");
        assertEquals(ErrorCode.MALFORMED_FRAME, decodeFails(frame(1, 0x0F, 1, new byte[10]),
                MessageDecoder.Accepts.REQUESTS).code(), "a ledger page of 0 entries");
        byte[] report = {0x00, (byte) 0xFF};
        assertEquals(ErrorCode.MALFORMED_FRAME, decodeFails(frame(1, 0x10, 1, report), MessageDecoder.Accepts.REQUESTS)
                .code(), "255 rows the body cannot hold");
        byte[] badKind = new byte[2 + 37];
        badKind[1] = 1;
        badKind[2 + 32] = 9;
        assertEquals(ErrorCode.MALFORMED_FRAME, decodeFails(frame(1, 0x10, 1, badKind), MessageDecoder.Accepts.REQUESTS)
                .code(), "an unknown report kind");
        byte[] page = {0, 0, 0, 0, 1, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertEquals(ErrorCode.MALFORMED_FRAME, decodeFails(frame(1, 0x8F, 1, page), MessageDecoder.Accepts.RESPONSES)
                .code(), "a ledger entry claiming 2 GiB");
    }

    @Test
    void afterAFramingErrorNothingMoreIsDecoded() {
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(), new MessageDecoder(MessageDecoder.Accepts.REQUESTS));
        assertThrows(DecoderException.class, () -> in.writeInbound(frame(9, 1, 1, new byte[0])));
        in.writeInbound(encode(new Message.Ping(2, 1)));
        assertNull(in.readInbound(), "bytes after a bad frame are discarded");
        assertTrue(in.finishAndReleaseAll() || true);
    }

    @Test
    void framesSplitAnywhereReassemble() {
        ByteBuf whole = encode(new Message.Ping(3, 99));
        byte[] bytes = ByteBufUtil.getBytes(whole);
        whole.release();
        for (int cut = 1; cut < bytes.length; cut++) {
            EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(), new MessageDecoder(MessageDecoder.Accepts.REQUESTS));
            in.writeInbound(Unpooled.wrappedBuffer(bytes, 0, cut));
            assertNull(in.readInbound());
            in.writeInbound(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));
            assertEquals(new Message.Ping(3, 99), in.readInbound());
            in.finishAndReleaseAll();
        }
    }
}
