package dcfs.vfs.sync;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;

/** 16 random bytes naming one mount (the lease holder) or one local copy of the metadata. */
public record RandomId(long high, long low) {
    public static final int BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static RandomId random() {
        return new RandomId(RANDOM.nextLong(), RANDOM.nextLong());
    }

    public static RandomId read(ByteBuffer b) {
        return new RandomId(b.getLong(), b.getLong());
    }

    public static RandomId parse(String hex) {
        byte[] b = HexFormat.of().parseHex(hex.strip());
        if (b.length != BYTES) {
            throw new IllegalArgumentException("an id is " + BYTES + " bytes, not " + b.length);
        }
        return read(ByteBuffer.wrap(b));
    }

    public void writeTo(ByteBuffer b) {
        b.putLong(high).putLong(low);
    }

    public byte[] bytes() {
        return ByteBuffer.allocate(BYTES).putLong(high).putLong(low).array();
    }

    public String hex() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }

    @Override
    public String toString() {
        return hex();
    }
}
