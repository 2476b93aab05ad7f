package dcfs.fsmount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The kernel's mount table ({@code /proc/self/mountinfo}), for "is this path a mount, and of what?". */
public final class MountTable {
    static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    /** The filesystem type a dcfs mount shows (fuse with subtype dcfs). */
    public static final String DCFS_TYPE = "fuse.dcfs";

    private MountTable() {
    }

    /** One mount: where, what type, from what source. */
    public record Entry(Path mountPoint, String fsType, String source, String device) {
        public boolean isDcfs() {
            return DCFS_TYPE.equals(fsType);
        }

        /** For a FUSE mount, its connection number in /sys/fs/fuse/connections (the device minor). */
        public String fuseConnection() {
            int colon = device.indexOf(':');
            return colon < 0 ? device : device.substring(colon + 1);
        }
    }

    /** The topmost mount at exactly {@code mountPoint}, if any. */
    public static Optional<Entry> find(Path mountPoint) {
        Path want = mountPoint.toAbsolutePath().normalize();
        Entry found = null;
        for (Entry e : entries()) {
            if (e.mountPoint().equals(want)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    public static List<Entry> entries() {
        try {
            return Files.readAllLines(MOUNTINFO).stream().map(MountTable::parse).filter(e -> e != null).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static Entry parse(String line) {
        String[] f = line.split(" ");
        int dash = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                dash = i;
                break;
            }
        }
        if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
            return null;
        }
        return new Entry(Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2]), f[2]);
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
