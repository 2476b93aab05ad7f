package dcfs.fstests.posix;

import java.util.ArrayList;
import java.util.List;

/**
 * Names and paths at the limits Linux sets: a component may have 255 bytes (NAME_MAX), a path
 * 4095 plus its terminating NUL (PATH_MAX = 4096).
 */
public final class Names {
    public static final int NAME_MAX = 255;
    public static final int PATH_MAX = 4096;

    private Names() {
    }

    /** A component of exactly {@code length} bytes. */
    public static String ofLength(int length, char fill) {
        return String.valueOf(fill).repeat(length);
    }

    /**
     * A relative path of exactly {@code length} bytes whose components are all at most NAME_MAX:
     * the fewest components that fit, filled as evenly as possible.
     */
    public static List<String> componentsForPathOf(int length) {
        int count = (length + 1 + NAME_MAX) / (NAME_MAX + 1);
        int letters = length - (count - 1);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = letters / count + (i < letters % count ? 1 : 0);
            parts.add(ofLength(n, (char) ('a' + i % 26)));
        }
        return parts;
    }

    public static String join(List<String> parts) {
        return String.join("/", parts);
    }
}
