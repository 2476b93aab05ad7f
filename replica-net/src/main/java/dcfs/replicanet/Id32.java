package dcfs.replicanet;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks shared by the 32-byte identifiers of the replica network ({@link ShardId}, {@link MemberId}).
 * Kept package-level and final: the ids are records and copy their bytes on the way in and out, so a
 * caller that keeps or changes its array cannot change an id.
 */
final class Id32 {
    static final int LENGTH = 32;

    private Id32() {
    }

    static byte[] checked(byte[] bytes, String what) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(what + " must be " + LENGTH + " bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return bytes.clone();
    }

    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
