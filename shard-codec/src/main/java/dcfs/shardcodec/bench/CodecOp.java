package dcfs.shardcodec.bench;

/** What a codec benchmark case times. */
public enum CodecOp {
    /** Compute m parity shards from k data shards. */
    ENCODE("encode"),
    /** Rebuild lost shards from k survivors: m data shards lost (at most k). */
    DECODE("decode");

    private final String label;

    CodecOp(String label) {
        this.label = label;
    }

    /** The name printed in tables and JSON: "encode" or "decode". */
    public String label() {
        return label;
    }
}
