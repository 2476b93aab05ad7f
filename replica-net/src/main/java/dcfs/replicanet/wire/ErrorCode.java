package dcfs.replicanet.wire;

/**
 * Every error a node can answer with, as carried in an {@code ERROR} frame (docs/wire-protocol.md,
 * "Error codes"). Codes never change meaning once released; new ones are appended.
 *
 * <p>{@link #closesConnection()} tells which errors end the connection: those that mean the byte
 * stream can no longer be trusted (framing) or that the peer broke the protocol.
 */
public enum ErrorCode {
    /** A frame's fields do not parse: too short for its type, a count past the end, bad UTF-8. */
    MALFORMED_FRAME(1, true),
    /** The frame's version byte is not one this node speaks. */
    UNSUPPORTED_VERSION(2, true),
    /** The frame's type byte names no message (or a response sent to a node). */
    UNKNOWN_MESSAGE_TYPE(3, true),
    /** The length prefix is above {@link Frame#MAX_FRAME_LENGTH} or below the header. */
    FRAME_TOO_LARGE(4, true),
    /** More requests in flight on this connection than {@link Frame#MAX_IN_FLIGHT} allows. */
    TOO_MANY_REQUESTS(5, true),
    /** The authenticated peer's role may not send this message (a client gossiping). */
    NOT_PERMITTED(6, false),
    /** No shard (or record) with this id. */
    NOT_FOUND(10, false),
    /** A shard with this id is already stored with other bytes (puts are idempotent only for equal bytes). */
    CONFLICT(11, false),
    /** The node has no room for this shard (disk or offered capacity full); reads still work. */
    STORAGE_FULL(12, false),
    /** The deletion token does not match the one the shard was written with. */
    WRONG_DELETION_TOKEN(13, false),
    /** The requested byte range lies outside the shard. */
    BAD_RANGE(14, false),
    /** The shard is larger than {@link Frame#MAX_SHARD_LENGTH} or empty. */
    SHARD_TOO_LARGE(15, false),
    /** The record does not parse, or is larger than {@link Frame#MAX_RECORD_LENGTH}. */
    RECORD_MALFORMED(20, false),
    /** The record's public key does not hash to the locator it was put under. */
    RECORD_WRONG_KEY(21, false),
    /** The record's signature does not verify. */
    RECORD_BAD_SIGNATURE(22, false),
    /** The record's sequence number is not larger than the stored record's. */
    RECORD_STALE(23, false),
    /** The node is shutting down; try another. */
    SHUTTING_DOWN(30, false),
    /** Something failed inside the node; the message says what. */
    INTERNAL(31, false),
    /** The node's proof worker (audits, capacity challenges) has a full queue; ask again later. */
    BUSY(32, false);

    private final int code;
    private final boolean closesConnection;

    ErrorCode(int code, boolean closesConnection) {
        this.code = code;
        this.closesConnection = closesConnection;
    }

    public int code() {
        return code;
    }

    public boolean closesConnection() {
        return closesConnection;
    }

    /** The code for {@code value}, or {@link #INTERNAL} for a code this build does not know. */
    public static ErrorCode of(int value) {
        for (ErrorCode c : values()) {
            if (c.code == value) {
                return c;
            }
        }
        return INTERNAL;
    }
}
