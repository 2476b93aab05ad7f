package dcfs.replicanet.wire;

import dcfs.replicanet.ShardId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@link Message}s as frames (layouts in docs/wire-protocol.md). Shard bytes are not copied:
 * the frame goes out as the header buffer followed by the message's own buffer.
 *
 * <p>Ownership: the message is released after encoding ({@link MessageToMessageEncoder} does it);
 * its shard buffer, retained once here, is released by the transport after it is written.
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToMessageEncoder<Message> {
    public static final MessageEncoder INSTANCE = new MessageEncoder();

    private MessageEncoder() {
        super(Message.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message msg, List<Object> out) {
        ByteBuf header = encodeHeader(ctx.alloc(), msg);
        out.add(header);
        if (msg instanceof Message.Carrying c) {
            out.add(c.data().retainedSlice());
        }
    }

    /**
     * Everything of the frame but a carried buffer, length prefix included (which counts the carried
     * bytes). Public for tests that build frames by hand.
     */
    public static ByteBuf encodeHeader(ByteBufAllocator alloc, Message msg) {
        ByteBuf b = alloc.buffer(64);
        try {
            b.writeInt(0);
            b.writeByte(Frame.VERSION);
            b.writeByte(msg.type().code());
            b.writeInt(msg.requestId());
            switch (msg) {
                case Message.PutShard m -> {
                    id(b, m.id());
                    b.writeBytes(m.tokenHash());
                }
                case Message.GetShard m -> {
                    id(b, m.id());
                    b.writeInt(m.offset());
                    b.writeInt(m.length());
                }
                case Message.HasShard m -> id(b, m.id());
                case Message.DeleteShard m -> {
                    id(b, m.id());
                    b.writeBytes(m.token());
                }
                case Message.ListShards m -> {
                    b.writeByte(m.after() == null ? 0 : 1);
                    b.writeBytes(m.after() == null ? new byte[ShardId.LENGTH] : m.after().unsafeBytes());
                    b.writeShort(m.limit());
                }
                case Message.GetStats m -> {
                }
                case Message.PutRecord m -> {
                    b.writeBytes(m.locator());
                    b.writeBytes(m.record());
                }
                case Message.GetRecord m -> b.writeBytes(m.locator());
                case Message.Ping m -> b.writeLong(m.nonce());
                case Message.Gossip m -> members(b, m.members());
                case Message.GetMembers m -> {
                }
                case Message.Cancel m -> b.writeInt(m.target());
                case Message.Stored m -> b.writeByte(m.alreadyStored() ? 1 : 0);
                case Message.ShardData m -> {
                    b.writeInt(m.shardLength());
                    b.writeInt(m.offset());
                }
                case Message.ShardInfo m -> {
                    b.writeByte(m.present() ? 1 : 0);
                    b.writeInt(m.length());
                }
                case Message.Deleted m -> b.writeByte(m.existed() ? 1 : 0);
                case Message.ShardList m -> {
                    b.writeByte(m.more() ? 1 : 0);
                    b.writeShort(m.shards().size());
                    for (Message.ListedShard s : m.shards()) {
                        id(b, s.id());
                        b.writeInt(s.length());
                    }
                }
                case Message.Stats m -> {
                    b.writeLong(m.shards());
                    b.writeLong(m.shardBytes());
                    b.writeLong(m.mapSize());
                    b.writeLong(m.diskTotal());
                    b.writeLong(m.diskUsable());
                    b.writeLong(m.capacity());
                    b.writeByte(m.full() ? 1 : 0);
                }
                case Message.RecordStored m -> b.writeLong(m.sequence());
                case Message.RecordData m -> b.writeBytes(m.record());
                case Message.Pong m -> b.writeLong(m.nonce());
                case Message.Members m -> members(b, m.members());
                case Message.Error m -> {
                    b.writeShort(m.code().code());
                    string(b, m.message() == null ? "" : m.message(), Message.Error.MAX_MESSAGE_BYTES);
                }
                case Message.Audit m -> {
                    id(b, m.id());
                    b.writeBytes(m.nonce());
                    b.writeByte(m.samples());
                }
                case Message.Capacity m -> {
                    b.writeBytes(m.seed());
                    b.writeInt(m.iterations());
                }
                case Message.GetLedger m -> {
                    b.writeLong(m.from());
                    b.writeShort(m.max());
                }
                case Message.Report m -> {
                    b.writeShort(m.rows().size());
                    for (Message.ReportRow r : m.rows()) {
                        b.writeBytes(r.node().unsafeBytes());
                        b.writeByte(r.kind().code());
                        b.writeInt((int) Math.min(r.count(), Message.ReportRow.MAX_COUNT));
                    }
                }
                case Message.AuditAnswer m -> b.writeBytes(m.proof());
                case Message.CapacityAnswer m -> {
                    b.writeBytes(m.answer());
                    b.writeInt(m.offeredShareMillionths());
                    b.writeLong(m.reportedBytes());
                    b.writeLong(m.takenBytes());
                }
                case Message.LedgerPage m -> {
                    b.writeByte(m.more() ? 1 : 0);
                    b.writeShort(m.certificate().length);
                    b.writeBytes(m.certificate());
                    b.writeShort(m.entries().size());
                    for (byte[] e : m.entries()) {
                        b.writeInt(e.length);
                        b.writeBytes(e);
                    }
                }
                case Message.Reported m -> b.writeShort(m.accepted());
            }
            int carried = msg instanceof Message.Carrying c ? c.data().readableBytes() : 0;
            b.setInt(0, b.readableBytes() - Frame.LENGTH_FIELD + carried);
            return b;
        } catch (RuntimeException e) {
            b.release();
            throw e;
        }
    }

    private static void id(ByteBuf b, ShardId id) {
        b.writeBytes(id.unsafeBytes());
    }

    /** Writes a u16-prefixed UTF-8 string, cut (at a character boundary) to {@code maxBytes}. */
    private static void string(ByteBuf b, String s, int maxBytes) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        if (n > maxBytes) {
            n = maxBytes;
            while (n > 0 && (bytes[n] & 0xC0) == 0x80) {
                n--;
            }
        }
        b.writeShort(n);
        b.writeBytes(bytes, 0, n);
    }

    private static void members(ByteBuf b, List<MemberInfo> rows) {
        if (rows.size() > MemberInfo.MAX_MEMBERS) {
            throw new IllegalArgumentException(rows.size() + " members, limit " + MemberInfo.MAX_MEMBERS);
        }
        b.writeShort(rows.size());
        for (MemberInfo m : rows) {
            b.writeBytes(m.id().unsafeBytes());
            string(b, m.endpoint().host(), 255);
            b.writeShort(m.endpoint().port());
            b.writeLong(m.incarnation());
            b.writeLong(m.heartbeat());
            b.writeByte(m.state().code());
            b.writeLong(m.ageMillis());
            Health h = m.health();
            b.writeLong(h.uptimeMillis());
            b.writeShort(h.logicalProcessors());
            b.writeShort(h.sockets());
            b.writeShort(h.coresPerSocket());
            b.writeLong(h.loadMilli());
            b.writeLong(h.memoryTotal());
            b.writeLong(h.memoryFree());
            b.writeLong(h.swapTotal());
            b.writeLong(h.swapFree());
            b.writeLong(h.diskTotal());
            b.writeLong(h.diskUsed());
            b.writeLong(h.shards());
            b.writeLong(h.shardBytes());
            string(b, h.version(), Health.MAX_VERSION_BYTES);
            int n = Math.min(m.rtts().size(), MemberInfo.MAX_RTTS);
            b.writeShort(n);
            for (int i = 0; i < n; i++) {
                b.writeBytes(m.rtts().get(i).peer().unsafeBytes());
                b.writeLong(m.rtts().get(i).micros());
            }
        }
    }
}
