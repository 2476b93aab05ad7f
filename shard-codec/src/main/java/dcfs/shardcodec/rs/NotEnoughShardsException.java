package dcfs.shardcodec.rs;

/** Fewer than k shards survive: the stripe cannot be rebuilt. */
public final class NotEnoughShardsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int present;
    private final int needed;

    public NotEnoughShardsException(int present, int needed) {
        super("too few shards to decode: " + present + " present, " + needed + " needed");
        this.present = present;
        this.needed = needed;
    }

    public int present() {
        return present;
    }

    public int needed() {
        return needed;
    }
}
