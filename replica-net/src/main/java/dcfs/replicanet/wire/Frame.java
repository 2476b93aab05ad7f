package dcfs.replicanet.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One frame as {@link FrameDecoder} cut it from the byte stream, before its body is parsed:
 *
 * <pre>
 * offset size field
 *  0     4    length      u32 BE, bytes after this field: 6 + body; 6..MAX_FRAME_LENGTH-4
 *  4     1    version     1
 *  5     1    type        {@link MessageType}
 *  6     4    request id  u32 BE, chosen by the requester, echoed by the response
 * 10     n    body        per type (docs/wire-protocol.md)
 * </pre>
 *
 * <p>Ownership: {@code body} is a retained slice of the decoder's cumulation; whoever consumes the
 * frame releases it ({@link MessageDecoder} does, after parsing).
 */
public record Frame(int version, int type, int requestId, ByteBuf body) implements ReferenceCounted {
    /** The only version this build speaks. */
    public static final int VERSION = 1;
    /** Bytes of the length prefix. */
    public static final int LENGTH_FIELD = 4;
    /** Bytes after the length prefix and before the body: version, type, request id. */
    public static final int HEADER_AFTER_LENGTH = 6;
    /** Largest frame, length prefix included: a 2 MiB shard and its fields fit with room to spare. */
    public static final int MAX_FRAME_LENGTH = 4 * 1024 * 1024;
    /** Largest shard a node stores: a 1 MiB stripe shard plus the shard format's overhead fits. */
    public static final int MAX_SHARD_LENGTH = 2 * 1024 * 1024;
    /** Largest signed record (superblock) a node stores, all fields included. */
    public static final int MAX_RECORD_LENGTH = 64 * 1024;
    /** Requests one connection may have in flight; a node stops reading above it. */
    public static final int MAX_IN_FLIGHT = 64;

    @Override
    public int refCnt() {
        return body.refCnt();
    }

    @Override
    public Frame retain() {
        body.retain();
        return this;
    }

    @Override
    public Frame retain(int increment) {
        body.retain(increment);
        return this;
    }

    @Override
    public Frame touch() {
        body.touch();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        body.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return body.release();
    }

    @Override
    public boolean release(int decrement) {
        return body.release(decrement);
    }
}
