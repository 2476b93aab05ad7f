package dcfs.fstests.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The kernel's mount table (/proc/self/mountinfo), as far as the tests need it. */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    /** One mounted filesystem: where, and its type as the kernel names it (fuse, fuse.gocryptfs, ext4). */
    public record Entry(Path mountPoint, String fsType, String options) {
    }

    /** The mount whose mount point is exactly {@code dir}, if any (the last one, if stacked). */
    public static Optional<Entry> at(Path dir) throws IOException {
        String want = dir.toAbsolutePath().normalize().toString();
        Entry found = null;
        for (Entry e : entries()) {
            if (e.mountPoint().toString().equals(want)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    public static boolean isMounted(Path dir) throws IOException {
        return at(dir).isPresent();
    }

    /** Every FUSE mount whose mount point lies under {@code dir} (leaks a test would leave). */
    public static List<Entry> fuseMountsUnder(Path dir) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        return entries().stream()
                .filter(e -> e.fsType().startsWith("fuse") && e.mountPoint().startsWith(base))
                .toList();
    }

    private static List<Entry> entries() throws IOException {
        return Files.readAllLines(MOUNTINFO).stream().map(MountTable::parse).toList();
    }

    // mountinfo: id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions
    private static Entry parse(String line) {
        String[] f = line.split(" ");
        int dash = java.util.Arrays.asList(f).indexOf("-");
        return new Entry(Path.of(unescape(f[4])), f[dash + 1], f[5]);
    }

    // The kernel writes space, tab, newline and backslash in paths as \ooo octal escapes.
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
