package dcfs.fstests.concurrency;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The content the renamer writes to a temporary file and renames over the shared name: a version
 * number repeated through a block whose length depends on the version, so a reader that sees a mix
 * of two versions, a short file or zeros can tell.
 */
final class Versioned {
    private Versioned() {
    }

    static byte[] content(int version) {
        int ints = 256 + (version % 7) * 1000;
        ByteBuffer b = ByteBuffer.allocate(8 + ints * 4);
        b.putInt(version).putInt(ints);
        for (int i = 0; i < ints; i++) {
            b.putInt(version * 31 + i);
        }
        return b.array();
    }

    /** The version these bytes are a whole copy of, or empty. */
    static OptionalInt versionOf(byte[] data) {
        if (data.length < 8) {
            return OptionalInt.empty();
        }
        int version = ByteBuffer.wrap(data).getInt();
        return Arrays.equals(data, content(version)) ? OptionalInt.of(version) : OptionalInt.empty();
    }
}
