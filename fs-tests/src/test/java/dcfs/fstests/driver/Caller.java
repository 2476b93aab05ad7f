package dcfs.fstests.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Who makes a call: root, or a uid with a list of groups (the first is the gid), and the umask.
 * Without groups a non-root caller keeps root's gid and groups, as pjdfstest's {@code -u} alone does.
 */
public record Caller(OptionalInt uid, List<Integer> groups, int umask) {
    public static final Caller ROOT = new Caller(OptionalInt.empty(), List.of(), 0);

    public Caller {
        groups = List.copyOf(groups);
    }

    /** uid alone: gid and groups stay root's. */
    public static Caller uid(int uid) {
        return new Caller(OptionalInt.of(uid), List.of(), 0);
    }

    /** uid with gid {@code groups[0]} and all of {@code groups} as supplementary groups. */
    public static Caller user(int uid, int... groups) {
        List<Integer> g = new ArrayList<>();
        for (int x : groups) {
            g.add(x);
        }
        return new Caller(OptionalInt.of(uid), g, 0);
    }

    /** root with other groups (to test what a gid changes for the superuser). */
    public static Caller rootWithGroups(int... groups) {
        return new Caller(OptionalInt.empty(), user(0, groups).groups(), 0);
    }

    public Caller withUmask(int mask) {
        return new Caller(uid, groups, mask);
    }

    List<String> options() {
        List<String> o = new ArrayList<>();
        if (!groups.isEmpty()) {
            o.add("-g");
            o.add(groups.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        uid.ifPresent(u -> {
            o.add("-u");
            o.add(Integer.toString(u));
        });
        if (umask != 0) {
            o.add("-U");
            o.add(Integer.toOctalString(umask));
        }
        return o;
    }

    @Override
    public String toString() {
        return options().isEmpty() ? "root" : String.join(" ", options());
    }
}
