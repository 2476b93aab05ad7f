package dcfs.vfs;

/** renameat2(2) behaviours. libfuse 2 only ever asks for {@link #REPLACE}. */
public enum RenameMode {
    /** rename(2): replace the target if it exists (files, or empty directories). */
    REPLACE,
    /** RENAME_NOREPLACE: fail with EEXIST if the target exists. */
    NOREPLACE,
    /** RENAME_EXCHANGE: swap two existing names atomically. */
    EXCHANGE
}
