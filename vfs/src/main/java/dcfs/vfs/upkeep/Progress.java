package dcfs.vfs.upkeep;

/**
 * Where a long pass says how far it is: one line at a time, at most about once a second (the
 * command prints it on a terminal, the control socket forwards it).
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = line -> {
    };

    void update(String line);
}
