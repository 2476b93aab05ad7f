package dcfs.replicanet.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts {@link Frame}s out of the byte stream (layout in {@link Frame}). Returns without output while
 * a frame is incomplete; never buffers more than one frame of {@link Frame#MAX_FRAME_LENGTH}, because
 * the length is checked before any body byte is awaited.
 *
 * <p>A bad length or version throws {@link ProtocolException}; from then on the decoder discards
 * everything it is given, so nothing after a framing error is ever parsed (the handler answers with
 * an error frame and closes).
 *
 * <p>Ownership: each emitted frame's body is a retained slice the next handler must release.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private boolean failed;
    public FrameDecoder() {
        // A 1 MiB shard arrives as ~64 TLS records. Merging them into one buffer meant growing it
        // (and netty's adaptive allocator does not pool buffers that large: each growth allocated
        // and zeroed fresh direct memory) and copying everything again whenever an earlier frame's
        // slice still shared it. Composing keeps each record's buffer as it came: no copy, no big
        // allocation; consumers read the frame body across the components.
        setCumulator(COMPOSITE_CUMULATOR);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Frame.LENGTH_FIELD + Frame.HEADER_AFTER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        long length = in.getUnsignedInt(start);
        int requestId = in.getInt(start + Frame.LENGTH_FIELD + 2);
        if (length < Frame.HEADER_AFTER_LENGTH || length > Frame.MAX_FRAME_LENGTH - Frame.LENGTH_FIELD) {
            fail(in);
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, requestId, "frame length " + length
                    + " outside " + Frame.HEADER_AFTER_LENGTH + ".." + (Frame.MAX_FRAME_LENGTH - Frame.LENGTH_FIELD));
        }
        int version = in.getUnsignedByte(start + Frame.LENGTH_FIELD);
        if (version != Frame.VERSION) {
            fail(in);
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, requestId, "frame version " + version
                    + ", this node speaks " + Frame.VERSION);
        }
        if (in.readableBytes() < Frame.LENGTH_FIELD + length) {
            return;
        }
        int type = in.getUnsignedByte(start + Frame.LENGTH_FIELD + 1);
        in.skipBytes(Frame.LENGTH_FIELD + Frame.HEADER_AFTER_LENGTH);
        ByteBuf body = in.readRetainedSlice((int) length - Frame.HEADER_AFTER_LENGTH);
        out.add(new Frame(version, type, requestId, body));
    }

    private void fail(ByteBuf in) {
        failed = true;
        in.skipBytes(in.readableBytes());
    }
}
