package dcfs.fstests.posix;

import java.util.ArrayList;
import java.util.List;

/**
 * The kinds of file a directory can hold, as the driver's stat prints them, with the calls that
 * make one. Devices are made with major 1, minor 2 (root only).
 */
public enum FileType {
    REGULAR("regular"),
    DIR("dir"),
    FIFO("fifo"),
    BLOCK("block"),
    CHAR("char"),
    SOCKET("socket"),
    SYMLINK("symlink");

    private final String statName;

    FileType(String statName) {
        this.statName = statName;
    }

    /** What {@code stat ... type} prints for it. */
    public String statName() {
        return statName;
    }

    /** Calls that create {@code name} with {@code mode} (a symlink points at "target" and has no mode of its own). */
    public String[] createWords(String name, String mode) {
        return switch (this) {
            case REGULAR -> words("create", name, mode);
            case DIR -> words("mkdir", name, mode);
            case FIFO -> words("mkfifo", name, mode);
            case BLOCK -> words("mknod", name, "b", mode, "1", "2");
            case CHAR -> words("mknod", name, "c", mode, "1", "2");
            // bind makes the socket with 0777 & ~umask; the mode is then set like any other
            case SOCKET -> words("bind", name, ":", "chmod", name, mode);
            case SYMLINK -> words("symlink", "target", name);
        };
    }

    /** The usual mode: 0755 for directories, 0644 otherwise. */
    public String[] createWords(String name) {
        return createWords(name, this == DIR ? "0755" : "0644");
    }

    /** The call that removes it. */
    public String[] removeWords(String name) {
        return this == DIR ? words("rmdir", name) : words("unlink", name);
    }

    /** Appends more calls to a command line (": " between them). */
    public static String[] then(String[] first, String... next) {
        List<String> all = new ArrayList<>(List.of(first));
        all.add(":");
        all.addAll(List.of(next));
        return all.toArray(String[]::new);
    }

    private static String[] words(String... w) {
        return w;
    }
}
