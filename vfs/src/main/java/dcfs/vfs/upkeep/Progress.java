package dcfs.vfs.upkeep;

/**
 * Where a long pass says how far it is: one line at a time, at most about once a second (the
 * commands print it on stderr).
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = line -> {
    };

    void update(String line);
}
