package dcfs.replicanet.wire;

import dcfs.replicanet.ShardId;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.List;

/**
 * Every message of the node protocol (docs/wire-protocol.md), as {@link MessageDecoder} produces and
 * {@link MessageEncoder} writes them. Byte arrays in these records are owned by the record (decoders
 * make fresh ones; senders must not change them after handing a message on).
 *
 * <p>Messages that carry shard bytes ({@link PutShard}, {@link ShardData}) hold a {@link ByteBuf} and
 * are {@link ReferenceCounted}: whoever consumes one releases it (the encoder after writing, the node
 * after the store copied it, the client after it copied the bytes out).
 */
public sealed interface Message permits Message.Request, Message.Response {
    /** The requester's id for this exchange, echoed in the response. */
    int requestId();

    MessageType type();

    /** A message holding a buffer: reference counting delegates to it. */
    interface Carrying extends ReferenceCounted {
        ByteBuf data();

        @Override
        default int refCnt() {
            return data().refCnt();
        }

        @Override
        default Carrying retain() {
            data().retain();
            return this;
        }

        @Override
        default Carrying retain(int increment) {
            data().retain(increment);
            return this;
        }

        @Override
        default Carrying touch() {
            data().touch();
            return this;
        }

        @Override
        default Carrying touch(Object hint) {
            data().touch(hint);
            return this;
        }

        @Override
        default boolean release() {
            return data().release();
        }

        @Override
        default boolean release(int decrement) {
            return data().release(decrement);
        }
    }

    sealed interface Request extends Message permits PutShard, GetShard, HasShard, DeleteShard, ListShards,
            GetStats, PutRecord, GetRecord, Ping, Gossip, GetMembers, Cancel, Audit, Capacity, GetLedger, Report {
    }

    sealed interface Response extends Message permits Stored, ShardData, ShardInfo, Deleted, ShardList, Stats,
            RecordStored, RecordData, Pong, Members, Error, AuditAnswer, CapacityAnswer, LedgerPage, Reported {
    }

    /** Store a shard. {@code tokenHash} is SHA-256 of the writer's deletion token. */
    record PutShard(int requestId, ShardId id, byte[] tokenHash, ByteBuf data) implements Request, Carrying {
        @Override
        public MessageType type() {
            return MessageType.PUT_SHARD;
        }
    }

    /** Read {@code length} bytes from {@code offset} ({@link #TO_END}: to the end of the shard). */
    record GetShard(int requestId, ShardId id, int offset, int length) implements Request {
        public static final int TO_END = -1;

        @Override
        public MessageType type() {
            return MessageType.GET_SHARD;
        }
    }

    record HasShard(int requestId, ShardId id) implements Request {
        @Override
        public MessageType type() {
            return MessageType.HAS_SHARD;
        }
    }

    /** Delete a shard, presenting the token whose SHA-256 the put carried. */
    record DeleteShard(int requestId, ShardId id, byte[] token) implements Request {
        @Override
        public MessageType type() {
            return MessageType.DELETE_SHARD;
        }
    }

    /** Shard ids in ascending order after {@code after} (null: from the start), at most {@code limit}. */
    record ListShards(int requestId, ShardId after, int limit) implements Request {
        public static final int MAX_LIMIT = 4096;

        @Override
        public MessageType type() {
            return MessageType.LIST_SHARDS;
        }
    }

    record GetStats(int requestId) implements Request {
        @Override
        public MessageType type() {
            return MessageType.GET_STATS;
        }
    }

    /** Store a signed record under a 32-byte locator (layout in {@code dcfs.replicanet.record.SignedRecord}). */
    record PutRecord(int requestId, byte[] locator, byte[] record) implements Request {
        @Override
        public MessageType type() {
            return MessageType.PUT_RECORD;
        }
    }

    record GetRecord(int requestId, byte[] locator) implements Request {
        @Override
        public MessageType type() {
            return MessageType.GET_RECORD;
        }
    }

    record Ping(int requestId, long nonce) implements Request {
        @Override
        public MessageType type() {
            return MessageType.PING;
        }
    }

    /** A node's push of its membership rows; answered with the receiver's rows ({@link Members}). */
    record Gossip(int requestId, List<MemberInfo> members) implements Request {
        public Gossip {
            members = List.copyOf(members);
        }

        @Override
        public MessageType type() {
            return MessageType.GOSSIP;
        }
    }

    /** A client's read of the membership table. */
    record GetMembers(int requestId) implements Request {
        @Override
        public MessageType type() {
            return MessageType.GET_MEMBERS;
        }
    }

    /** The requester no longer wants the answer to {@code target}; no response. */
    record Cancel(int requestId, int target) implements Request {
        @Override
        public MessageType type() {
            return MessageType.CANCEL;
        }
    }

    /** A put was committed and synced; {@code alreadyStored} if the same bytes were there before. */
    record Stored(int requestId, boolean alreadyStored) implements Response {
        @Override
        public MessageType type() {
            return MessageType.STORED;
        }
    }

    /** Bytes of a shard from {@code offset}; {@code shardLength} is the whole shard's length. */
    record ShardData(int requestId, int shardLength, int offset, ByteBuf data) implements Response, Carrying {
        @Override
        public MessageType type() {
            return MessageType.SHARD_DATA;
        }
    }

    record ShardInfo(int requestId, boolean present, int length) implements Response {
        @Override
        public MessageType type() {
            return MessageType.SHARD_INFO;
        }
    }

    record Deleted(int requestId, boolean existed) implements Response {
        @Override
        public MessageType type() {
            return MessageType.DELETED;
        }
    }

    /** One page of shard ids; {@code more} if the listing goes on after the last. */
    record ShardList(int requestId, List<ListedShard> shards, boolean more) implements Response {
        public ShardList {
            shards = List.copyOf(shards);
        }

        @Override
        public MessageType type() {
            return MessageType.SHARD_LIST;
        }
    }

    record ListedShard(ShardId id, int length) {
    }

    /** A node's store figures (bytes); {@code capacity} is what it offers, 0 for "the disk". */
    record Stats(int requestId, long shards, long shardBytes, long mapSize, long diskTotal, long diskUsable,
            long capacity, boolean full) implements Response {
        @Override
        public MessageType type() {
            return MessageType.STATS;
        }
    }

    record RecordStored(int requestId, long sequence) implements Response {
        @Override
        public MessageType type() {
            return MessageType.RECORD_STORED;
        }
    }

    record RecordData(int requestId, byte[] record) implements Response {
        @Override
        public MessageType type() {
            return MessageType.RECORD;
        }
    }

    record Pong(int requestId, long nonce) implements Response {
        @Override
        public MessageType type() {
            return MessageType.PONG;
        }
    }

    record Members(int requestId, List<MemberInfo> members) implements Response {
        public Members {
            members = List.copyOf(members);
        }

        @Override
        public MessageType type() {
            return MessageType.MEMBERS;
        }
    }

    /** The request failed; {@code message} (at most 1024 bytes of UTF-8) says why. */
    record Error(int requestId, ErrorCode code, String message) implements Response {
        public static final int MAX_MESSAGE_BYTES = 1024;

        @Override
        public MessageType type() {
            return MessageType.ERROR;
        }
    }

    // ------------------------------------------------------------------ upkeep: proofs and the ledger

    /**
     * A storage audit of one shard (docs/proofs.md, "Audit"): show {@code samples} leaves, chosen
     * from {@code nonce}, with their Merkle paths. Leaves are {@link #LEAF_SIZE} bytes in protocol v1.
     */
    record Audit(int requestId, ShardId id, byte[] nonce, int samples) implements Request {
        public static final int LEAF_SIZE = 4096;
        public static final int NONCE_BYTES = 16;
        public static final int MAX_SAMPLES = 64;

        @Override
        public MessageType type() {
            return MessageType.AUDIT;
        }
    }

    /**
     * A capacity challenge (docs/proofs.md, "Capacity"): the last hash of a SHA-256 chain of
     * {@code iterations} steps from {@code seed}. Only nodes may send it.
     */
    record Capacity(int requestId, byte[] seed, int iterations) implements Request {
        public static final int MAX_ITERATIONS = 50_000_000;

        @Override
        public MessageType type() {
            return MessageType.CAPACITY;
        }
    }

    /** Up to {@code max} entries of the node's reward ledger from sequence {@code from}. */
    record GetLedger(int requestId, long from, int max) implements Request {
        public static final int MAX_ENTRIES = 256;

        @Override
        public MessageType type() {
            return MessageType.LEDGER;
        }
    }

    /** Facts about other nodes the receiver records rewards from (audits, reads served). */
    record Report(int requestId, List<ReportRow> rows) implements Request {
        public static final int MAX_ROWS = 256;

        public Report {
            rows = List.copyOf(rows);
        }

        @Override
        public MessageType type() {
            return MessageType.REPORT;
        }
    }

    /** One fact of a {@link Report}: {@code count} events of {@code kind} about {@code node}. */
    record ReportRow(dcfs.replicanet.MemberId node, ReportKind kind, long count) {
        public static final long MAX_COUNT = 0xFFFF_FFFFL;
    }

    /** The answer to an {@link Audit}: the proof as docs/proofs.md encodes it (parsed by the auditor). */
    record AuditAnswer(int requestId, byte[] proof) implements Response {
        @Override
        public MessageType type() {
            return MessageType.AUDIT_PROOF;
        }
    }

    /**
     * The answer to a {@link Capacity} challenge, with what the node states about itself for the
     * formula: its offered share of processing φ (millionths, 1..1 000 000), the disk space it
     * reports for dcfs (sR) and the space its shards take (sT), in bytes.
     */
    record CapacityAnswer(int requestId, byte[] answer, int offeredShareMillionths, long reportedBytes,
            long takenBytes) implements Response {
        public static final int ONE = 1_000_000;

        @Override
        public MessageType type() {
            return MessageType.CAPACITY_ANSWER;
        }
    }

    /**
     * A page of a node's ledger: its certificate (DER, so a reader can check the signatures without
     * asking anyone else) and encoded ledger entries (docs/proofs.md, "Ledger entry"), in order.
     */
    record LedgerPage(int requestId, boolean more, byte[] certificate, List<byte[]> entries) implements Response {
        public static final int MAX_CERTIFICATE_BYTES = 8192;
        public static final int MAX_ENTRY_BYTES = 4096;

        public LedgerPage {
            entries = List.copyOf(entries);
        }

        @Override
        public MessageType type() {
            return MessageType.LEDGER_PAGE;
        }
    }

    /** How many rows of a {@link Report} the node took (rows about itself and unknown kinds are not). */
    record Reported(int requestId, int accepted) implements Response {
        @Override
        public MessageType type() {
            return MessageType.REPORTED;
        }
    }
}
