package dcfs.vfs.store;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The 16 random bytes a regular file's stripes are stored under. Random rather than derived from
 * the inode number, so stores (and later the nodes) learn nothing about the namespace.
 */
public record FileId(long high, long low) {
    public static final int BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static FileId random() {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        return of(b, 0);
    }

    public static FileId of(byte[] b, int off) {
        ByteBuffer bb = ByteBuffer.wrap(b, off, BYTES);
        return new FileId(bb.getLong(), bb.getLong());
    }

    public byte[] bytes() {
        return ByteBuffer.allocate(BYTES).putLong(high).putLong(low).array();
    }

    public void writeTo(ByteBuffer out) {
        out.putLong(high).putLong(low);
    }

    public String hex() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }

    @Override
    public String toString() {
        return hex();
    }
}
