package dcfs.shardcodec.rs;

/** Picks the coding loop at run time. */
public final class CodingLoops {
    private CodingLoops() {
    }

    /** The fastest loop available; the scalar loop until a vectorized one is available here. */
    public static CodingLoop fastest() {
        return ScalarCodingLoop.INSTANCE;
    }
}
