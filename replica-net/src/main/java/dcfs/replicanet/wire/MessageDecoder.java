package dcfs.replicanet.wire;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.MemberId;
import dcfs.replicanet.ShardId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The verifying decoder: turns a {@link Frame} into a typed {@link Message}, checking every field
 * against the layouts of docs/wire-protocol.md and the limits in {@link Frame}. Anything that does
 * not fit throws {@link ProtocolException} (MALFORMED_FRAME, UNKNOWN_MESSAGE_TYPE); nothing is
 * allocated from a count before the bytes behind that count are known to be there.
 *
 * <p>Ownership: the frame is released here (by {@link MessageToMessageDecoder}); a decoded message
 * that carries shard bytes holds its own retained slice, which its consumer releases.
 */
public final class MessageDecoder extends MessageToMessageDecoder<Frame> {
    /** Which messages this end accepts: a node decodes requests, a client responses. */
    public enum Accepts { REQUESTS, RESPONSES }

    private final Accepts accepts;

    public MessageDecoder(Accepts accepts) {
        super(Frame.class);
        this.accepts = accepts;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        out.add(decode(frame, accepts));
    }

    /** Decodes one frame; does not release it. Public for the fuzz tests. */
    public static Message decode(Frame frame, Accepts accepts) {
        int rid = frame.requestId();
        MessageType type = MessageType.of(frame.type());
        if (type == null || type.isRequest() != (accepts == Accepts.REQUESTS)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_MESSAGE_TYPE, rid, String.format(
                    "unknown message type 0x%02x for a %s", frame.type(),
                    accepts == Accepts.REQUESTS ? "node" : "client"));
        }
        Body in = new Body(frame.body(), rid, type);
        Message m = switch (type) {
            case PUT_SHARD -> {
                ShardId id = in.shardId();
                byte[] tokenHash = in.bytes(32);
                int n = in.remaining();
                if (n == 0 || n > Frame.MAX_SHARD_LENGTH) {
                    throw new ProtocolException(ErrorCode.SHARD_TOO_LARGE, rid,
                            "shard of " + n + " bytes, must be 1.." + Frame.MAX_SHARD_LENGTH);
                }
                yield new Message.PutShard(rid, id, tokenHash, in.retainedRest());
            }
            case GET_SHARD -> new Message.GetShard(rid, in.shardId(), in.u32AsInt(), in.length());
            case HAS_SHARD -> new Message.HasShard(rid, in.shardId());
            case DELETE_SHARD -> new Message.DeleteShard(rid, in.shardId(), in.bytes(32));
            case LIST_SHARDS -> {
                boolean hasAfter = in.flag();
                ShardId after = in.shardId();
                int limit = in.u16();
                if (limit < 1 || limit > Message.ListShards.MAX_LIMIT) {
                    throw in.malformed("list limit " + limit + " outside 1.." + Message.ListShards.MAX_LIMIT);
                }
                yield new Message.ListShards(rid, hasAfter ? after : null, limit);
            }
            case GET_STATS -> new Message.GetStats(rid);
            case PUT_RECORD -> {
                byte[] locator = in.bytes(32);
                int n = in.remaining();
                if (n == 0 || n > Frame.MAX_RECORD_LENGTH) {
                    throw new ProtocolException(ErrorCode.RECORD_MALFORMED, rid,
                            "record of " + n + " bytes, must be 1.." + Frame.MAX_RECORD_LENGTH);
                }
                yield new Message.PutRecord(rid, locator, in.bytes(n));
            }
            case GET_RECORD -> new Message.GetRecord(rid, in.bytes(32));
            case PING -> new Message.Ping(rid, in.u64());
            case GOSSIP -> new Message.Gossip(rid, in.members());
            case GET_MEMBERS -> new Message.GetMembers(rid);
            case CANCEL -> new Message.Cancel(rid, in.i32());
            case STORED -> new Message.Stored(rid, in.flag());
            case SHARD_DATA -> {
                int shardLength = in.u32AsInt();
                int offset = in.u32AsInt();
                yield new Message.ShardData(rid, shardLength, offset, in.retainedRest());
            }
            case SHARD_INFO -> new Message.ShardInfo(rid, in.flag(), in.u32AsInt());
            case DELETED -> new Message.Deleted(rid, in.flag());
            case SHARD_LIST -> {
                boolean more = in.flag();
                int count = in.u16();
                in.need(count * 36L);
                List<Message.ListedShard> shards = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    shards.add(new Message.ListedShard(in.shardId(), in.u32AsInt()));
                }
                yield new Message.ShardList(rid, shards, more);
            }
            case STATS -> new Message.Stats(rid, in.u64(), in.u64(), in.u64(), in.u64(), in.u64(), in.u64(), in.flag());
            case RECORD_STORED -> new Message.RecordStored(rid, in.u64());
            case RECORD -> new Message.RecordData(rid, in.bytes(in.remaining()));
            case PONG -> new Message.Pong(rid, in.u64());
            case MEMBERS -> new Message.Members(rid, in.members());
            case ERROR -> new Message.Error(rid, ErrorCode.of(in.u16()), in.string(Message.Error.MAX_MESSAGE_BYTES));
            case AUDIT -> {
                ShardId id = in.shardId();
                byte[] nonce = in.bytes(Message.Audit.NONCE_BYTES);
                int samples = in.u8();
                if (samples < 1 || samples > Message.Audit.MAX_SAMPLES) {
                    throw in.malformed("audit of " + samples + " leaves, must be 1.." + Message.Audit.MAX_SAMPLES);
                }
                yield new Message.Audit(rid, id, nonce, samples);
            }
            case CAPACITY -> {
                byte[] seed = in.bytes(32);
                int iterations = in.u32AsInt();
                if (iterations < 1 || iterations > Message.Capacity.MAX_ITERATIONS) {
                    throw in.malformed("capacity challenge of " + iterations + " steps, must be 1.."
                            + Message.Capacity.MAX_ITERATIONS);
                }
                yield new Message.Capacity(rid, seed, iterations);
            }
            case LEDGER -> {
                long from = in.u64();
                int max = in.u16();
                if (max < 1 || max > Message.GetLedger.MAX_ENTRIES) {
                    throw in.malformed("ledger page of " + max + " entries, must be 1.." + Message.GetLedger.MAX_ENTRIES);
                }
                yield new Message.GetLedger(rid, from, max);
            }
            case REPORT -> {
                int count = in.u16();
                if (count < 1 || count > Message.Report.MAX_ROWS) {
                    throw in.malformed("report of " + count + " rows, must be 1.." + Message.Report.MAX_ROWS);
                }
                in.need(count * 37L);
                List<Message.ReportRow> rows = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    MemberId node = in.memberId();
                    int code = in.u8();
                    ReportKind kind = ReportKind.of(code);
                    if (kind == null) {
                        throw in.malformed("report kind " + code);
                    }
                    rows.add(new Message.ReportRow(node, kind, in.u32()));
                }
                yield new Message.Report(rid, rows);
            }
            case AUDIT_PROOF -> {
                if (in.remaining() == 0) {
                    throw in.malformed("empty audit proof");
                }
                yield new Message.AuditAnswer(rid, in.bytes(in.remaining()));
            }
            case CAPACITY_ANSWER -> {
                byte[] answer = in.bytes(32);
                int share = in.u32AsInt();
                if (share < 1 || share > Message.CapacityAnswer.ONE) {
                    throw in.malformed("offered share " + share + " millionths, must be 1.." + Message.CapacityAnswer.ONE);
                }
                yield new Message.CapacityAnswer(rid, answer, share, in.u64(), in.u64());
            }
            case LEDGER_PAGE -> {
                boolean more = in.flag();
                int certLength = in.u16();
                if (certLength > Message.LedgerPage.MAX_CERTIFICATE_BYTES) {
                    throw in.malformed("certificate of " + certLength + " bytes");
                }
                byte[] cert = in.bytes(certLength);
                int count = in.u16();
                if (count > Message.GetLedger.MAX_ENTRIES) {
                    throw in.malformed(count + " ledger entries, limit " + Message.GetLedger.MAX_ENTRIES);
                }
                in.need(count * 4L);
                List<byte[]> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    int n = in.u32AsInt();
                    if (n < 1 || n > Message.LedgerPage.MAX_ENTRY_BYTES) {
                        throw in.malformed("ledger entry of " + n + " bytes");
                    }
                    entries.add(in.bytes(n));
                }
                yield new Message.LedgerPage(rid, more, cert, entries);
            }
            case REPORTED -> new Message.Reported(rid, in.u16());
        };
        if (in.remaining() != 0) {
            if (m instanceof Message.Carrying c) {
                c.release();
            }
            throw in.malformed(in.remaining() + " bytes after the last field");
        }
        return m;
    }

    /** A cursor over a frame body that turns every short read into MALFORMED_FRAME. */
    private static final class Body {
        private final ByteBuf buf;
        private final int requestId;
        private final MessageType type;

        Body(ByteBuf buf, int requestId, MessageType type) {
            this.buf = buf;
            this.requestId = requestId;
            this.type = type;
        }

        ProtocolException malformed(String what) {
            return new ProtocolException(ErrorCode.MALFORMED_FRAME, requestId, type + ": " + what);
        }

        int remaining() {
            return buf.readableBytes();
        }

        void need(long n) {
            if (buf.readableBytes() < n) {
                throw malformed("truncated: needs " + n + " more bytes, has " + buf.readableBytes());
            }
        }

        byte[] bytes(int n) {
            need(n);
            byte[] b = new byte[n];
            buf.readBytes(b);
            return b;
        }

        ShardId shardId() {
            return new ShardId(bytes(ShardId.LENGTH));
        }

        MemberId memberId() {
            return new MemberId(bytes(MemberId.LENGTH));
        }

        boolean flag() {
            need(1);
            int v = buf.readUnsignedByte();
            if (v > 1) {
                throw malformed("flag byte " + v + ", must be 0 or 1");
            }
            return v == 1;
        }

        int u8() {
            need(1);
            return buf.readUnsignedByte();
        }

        int u16() {
            need(2);
            return buf.readUnsignedShort();
        }

        int i32() {
            need(4);
            return buf.readInt();
        }

        long u32() {
            need(4);
            return buf.readUnsignedInt();
        }

        /** A u32 that must fit an int (offsets, lengths: all below 2^31 by the frame limit). */
        int u32AsInt() {
            need(4);
            long v = buf.readUnsignedInt();
            if (v > Integer.MAX_VALUE) {
                throw malformed("value " + v + " too large");
            }
            return (int) v;
        }

        /** A length field where 0xFFFFFFFF means "to the end". */
        int length() {
            need(4);
            long v = buf.readUnsignedInt();
            if (v == 0xFFFFFFFFL) {
                return Message.GetShard.TO_END;
            }
            if (v > Frame.MAX_SHARD_LENGTH) {
                throw malformed("length " + v + " above the shard limit " + Frame.MAX_SHARD_LENGTH);
            }
            return (int) v;
        }

        long u64() {
            need(8);
            long v = buf.readLong();
            if (v < 0) {
                throw malformed("value " + Long.toUnsignedString(v) + " too large");
            }
            return v;
        }

        String string(int maxBytes) {
            int n = u16();
            if (n > maxBytes) {
                throw malformed("string of " + n + " bytes, limit " + maxBytes);
            }
            byte[] b = bytes(n);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw malformed("string is not UTF-8");
            }
        }

        ByteBuf retainedRest() {
            return buf.readRetainedSlice(buf.readableBytes());
        }

        List<MemberInfo> members() {
            int count = u16();
            if (count > MemberInfo.MAX_MEMBERS) {
                throw malformed(count + " members, limit " + MemberInfo.MAX_MEMBERS);
            }
            // The smallest row is well over 100 bytes: a count the body cannot hold fails here, before any list grows.
            need(count * 100L);
            List<MemberInfo> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                rows.add(member());
            }
            return rows;
        }

        private MemberInfo member() {
            MemberId id = memberId();
            String host = string(255);
            int port = u16();
            if (host.isEmpty() || port == 0) {
                throw malformed("member " + id + " has no listen address");
            }
            Endpoint endpoint = new Endpoint(host, port);
            long incarnation = u64();
            long heartbeat = u64();
            int stateCode = u8();
            if (stateCode > 2) {
                throw malformed("member state " + stateCode);
            }
            MemberState state = MemberState.of(stateCode);
            long age = u64();
            Health health = new Health(u64(), u16(), u16(), u16(), u64(), u64(), u64(), u64(), u64(), u64(), u64(),
                    u64(), u64(), string(Health.MAX_VERSION_BYTES));
            int rttCount = u16();
            if (rttCount > MemberInfo.MAX_RTTS) {
                throw malformed(rttCount + " round-trip times, limit " + MemberInfo.MAX_RTTS);
            }
            need(rttCount * 40L);
            List<MemberInfo.Rtt> rtts = new ArrayList<>(rttCount);
            for (int i = 0; i < rttCount; i++) {
                rtts.add(new MemberInfo.Rtt(memberId(), u64()));
            }
            return new MemberInfo(id, endpoint, incarnation, heartbeat, state, age, health, rtts);
        }
    }
}
