package dcfs.shardcodec;

/**
 * A shard (or its recovery block) failed AES-GCM authentication: its bytes were changed, or it was
 * sealed under another key — another file, another owner, a wrong mnemonic.
 */
public final class ShardNotAuthenticException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Rejection rejection;

    public ShardNotAuthenticException(Rejection rejection) {
        super(rejection.describe());
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
