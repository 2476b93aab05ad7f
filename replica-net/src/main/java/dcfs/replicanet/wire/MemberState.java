package dcfs.replicanet.wire;

/** A member's liveness as one observer judges it from missed heartbeats. Wire values in {@link #code()}. */
public enum MemberState {
    /** Its heartbeat grew recently. */
    UP(0),
    /** It missed a few reports; still placed, asked last. */
    SUSPECT(1),
    /** It missed many reports; still placed (its shards may come back), never asked. */
    DOWN(2);

    private final int code;

    MemberState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static MemberState of(int code) {
        for (MemberState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no member state " + code);
    }

    /** The lower-case word status tables and JSON use. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
