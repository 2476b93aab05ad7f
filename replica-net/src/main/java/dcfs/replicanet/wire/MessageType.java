package dcfs.replicanet.wire;

/**
 * The type byte of every frame. Requests have the high bit clear; a response's type is its
 * request's with the high bit set, except {@link #ERROR} (any request) and {@link #MEMBERS} (the
 * answer to both GOSSIP and GET_MEMBERS). CANCEL has no response.
 */
public enum MessageType {
    PUT_SHARD(0x01), GET_SHARD(0x02), HAS_SHARD(0x03), DELETE_SHARD(0x04), LIST_SHARDS(0x05),
    GET_STATS(0x06), PUT_RECORD(0x07), GET_RECORD(0x08), PING(0x09), GOSSIP(0x0A), GET_MEMBERS(0x0B),
    CANCEL(0x0C),
    /** Upkeep (docs/wire-protocol.md, "Proofs and the ledger"): audits, capacity challenges, the ledger, reports. */
    AUDIT(0x0D), CAPACITY(0x0E), LEDGER(0x0F), REPORT(0x10),
    STORED(0x81), SHARD_DATA(0x82), SHARD_INFO(0x83), DELETED(0x84), SHARD_LIST(0x85), STATS(0x86),
    RECORD_STORED(0x87), RECORD(0x88), PONG(0x89), MEMBERS(0x8A),
    AUDIT_PROOF(0x8D), CAPACITY_ANSWER(0x8E), LEDGER_PAGE(0x8F), REPORTED(0x90),
    ERROR(0xFF);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isRequest() {
        return code < 0x80;
    }

    /** The type for {@code code}, or null if none. */
    public static MessageType of(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }
}
