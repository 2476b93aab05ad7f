package dcfs.fstests.posix;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one syscall uses one of its path arguments, for the path-resolution cases every path call
 * shares ({@link PathFault}): what must stand at the path before the call can succeed, the call
 * itself, and whether it follows a symlink in the last component.
 *
 * @param name        shown in test names ("link, new path")
 * @param source      a regular file (0644) the call starts from, made first by root (link's old path
 *                    when the new path is probed), or empty
 * @param prepare     calls that put what the call needs at the path (run as the caller), or empty
 * @param call        the call on the path
 * @param needsExisting whether the call needs something at the path (so a missing last component is ENOENT)
 * @param followsLast whether a symlink as last component is followed (so a loop there is ELOOP)
 */
public record PathProbe(String name, Optional<String> source, Function<String, List<String>> prepare,
                        Function<String, List<String>> call, boolean needsExisting, boolean followsLast) {

    /** A call that creates what the path names (mkdir, mkfifo, open O_CREAT, the new name of link). */
    public static PathProbe creating(String name, Function<String, List<String>> call, boolean followsLast) {
        return new PathProbe(name, Optional.empty(), p -> List.of(), call, false, followsLast);
    }

    /** A call on an existing file, made first by {@code prepare} (create, mkdir). */
    public static PathProbe onExisting(String name, Function<String, List<String>> prepare,
                                       Function<String, List<String>> call, boolean followsLast) {
        return new PathProbe(name, Optional.empty(), prepare, call, true, followsLast);
    }

    /** A call on a regular file of mode 0644. */
    public static PathProbe onRegularFile(String name, Function<String, List<String>> call, boolean followsLast) {
        return onExisting(name, p -> List.of("create", p, "0644"), call, followsLast);
    }

    /** The call also needs a regular file {@code file} in the test directory. */
    public PathProbe withSource(String file) {
        return new PathProbe(name, Optional.of(file), prepare, call, needsExisting, followsLast);
    }

    @Override
    public String toString() {
        return name;
    }
}
