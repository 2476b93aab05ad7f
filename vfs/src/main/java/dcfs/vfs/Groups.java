package dcfs.vfs;

import java.util.Arrays;

/**
 * The supplementary groups of a caller. An interface so the FUSE adapter can look them up lazily
 * (in /proc) only when a permission decision actually depends on them.
 */
@FunctionalInterface
public interface Groups {
    boolean contains(int gid);

    Groups NONE = gid -> false;

    static Groups of(int... gids) {
        int[] sorted = gids.clone();
        Arrays.sort(sorted);
        return gid -> Arrays.binarySearch(sorted, gid) >= 0;
    }
}
