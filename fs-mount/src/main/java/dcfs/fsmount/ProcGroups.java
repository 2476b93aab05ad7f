package dcfs.fsmount;

import dcfs.vfs.Groups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The supplementary groups of the process making a FUSE request, read from
 * {@code /proc/<tid>/status} only when a permission decision needs them (FUSE passes uid, gid and
 * pid, not the groups). If the process is already gone, it has no supplementary groups.
 */
final class ProcGroups implements Groups {
    private final long pid;
    private int[] groups;

    ProcGroups(long pid) {
        this.pid = pid;
    }

    @Override
    public boolean contains(int gid) {
        if (groups == null) {
            groups = load(pid);
        }
        return Arrays.binarySearch(groups, gid) >= 0;
    }

    static int[] load(long pid) {
        if (pid <= 0) {
            return new int[0];
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Groups:")) {
                    String rest = line.substring(7).trim();
                    if (rest.isEmpty()) {
                        return new int[0];
                    }
                    int[] g = Arrays.stream(rest.split("\\s+")).mapToInt(s -> (int) Long.parseLong(s)).toArray();
                    Arrays.sort(g);
                    return g;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or unreadable: no supplementary groups
        }
        return new int[0];
    }
}
